# A package written as __init__.py, exporting a and b through __all__.
__all__ = ["a", "b"]
a = 1
b = 2
c = 3
