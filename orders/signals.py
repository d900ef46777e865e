"""What orders tell the apps above them (earnings listens): sent inside the transaction that
makes the change, so a listener's writes commit or roll back with it.

order_paid      kwargs: order — the order just became paid.
order_refunded  kwargs: refund (payments.Refund), allocations (list of RefundAllocation:
                the reversals just posted against the makers' shares; may be empty).
"""

from django.dispatch import Signal

order_paid = Signal()
order_refunded = Signal()
