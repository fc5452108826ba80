"""The lowest layer: what every other part of model/ may use and which uses none of them — errors put in words,
numbers checked."""
