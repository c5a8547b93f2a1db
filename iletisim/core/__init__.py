"""The platform's shared ground: audit trail, working-day calendar data, navigation, health."""
