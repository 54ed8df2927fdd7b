"""Inquiries: what the assistant collects for the clinic's coordinators (consultation requests,
hand-offs, urgent conversations), their storage, and the rules that rank them."""
