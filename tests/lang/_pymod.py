# A plain .py module for import_py.sk, with a module __getattr__.
X = 1


def __getattr__(name):
    if name == "dyn":
        return 42
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
