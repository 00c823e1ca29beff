"""Questionnaires: XLSForm reading and writing, the expression engine, versioned forms."""
