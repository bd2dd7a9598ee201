from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """Hashed, compressed names once `collectstatic` has run; the plain names before, so a
    checkout that has not collected its static files (a test run) still renders its pages."""

    manifest_strict = False

    def url(self, name: str | None, force: bool = False) -> str:
        if not self.hashed_files:
            return StaticFilesStorage.url(self, name)
        hashed: str = super().url(name, force)
        return hashed
