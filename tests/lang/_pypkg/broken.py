import _pypkg
_pypkg.loaded_broken = True
raise ValueError("broken on purpose")
