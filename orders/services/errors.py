"""The domain errors order services raise; the message is shown to the person as it is."""


class OrderError(Exception):
    """A domain rule refused the change."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class IllegalStatusMove(OrderError):
    pass


class OutOfStock(OrderError):
    pass
