"""One upload path for every image on the site (entries' pictures, partners' logos).

- ``processing``: the CPU work, done before any write transaction: the upload is decoded with
  Pillow (its type is what it decodes as, never its name or the browser's Content-Type), checked
  for size and pixel count (no decompression bombs), turned upright, converted to RGB(A),
  shrunk to ``MAX_SIDE`` and ``THUMB_SIDE`` and re-encoded (JPEG, or PNG where there is
  transparency or the upload was a PNG) with no metadata at all (no EXIF, GPS, XMP, comments).
- ``models.Image`` (in core/models.py): the stored renditions, their content-hashed names,
  the required alternative text, and the object that owns the image (``owner_kind``, ``owner_id``).
- ``registry``: each app that owns images says who may see them (``register_owner``).
- ``services``: writes (the files first, then one short transaction for the row).
- ``views.serve_image``: serves ``/images/<name>`` with the stored format's Content-Type,
  ``nosniff`` and a year-long cache (public only when anyone may see the owner).
"""
