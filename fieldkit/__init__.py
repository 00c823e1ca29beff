"""fieldkit: offline field surveys and casework for trade-union cadres."""

__version__ = "0.1.0"
