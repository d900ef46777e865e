"""The one error this app raises for a refused change: its message is shown as it is."""


class PaymentError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
