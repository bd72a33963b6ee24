"""The one exception type ingest raises for input it cannot turn into text."""


class IngestError(Exception):
    """Bad input: the message says what is wrong with the file in words a user can act on.

    `stage` is where it failed ("read" for the bytes, "parse" for the format).
    """

    def __init__(self, message: str, *, stage: str = "parse") -> None:
        super().__init__(message)
        self.stage = stage
        self.message = message
