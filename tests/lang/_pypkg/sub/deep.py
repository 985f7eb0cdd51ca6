from .. import c
V = c * 10
