"""The lines that keep answers honest: the experimental status and the not-advice note."""

EXPERIMENTAL = (
    "Stem-cell treatment for acne scars is still experimental: results vary from person to person "
    "and nothing is guaranteed."
)
NOT_MEDICAL_ADVICE = (
    "This is general information from published material, not medical advice: "
    "a doctor who examines you decides what is right for you."
)

