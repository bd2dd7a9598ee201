from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names when `collectstatic` has run; the plain names when it has not."""

    manifest_strict = False
