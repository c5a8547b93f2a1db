"""Models of service_requests."""
