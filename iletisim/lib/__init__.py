"""Plain helpers with no models: environment parsing, Turkish text, the working-day calendar."""
