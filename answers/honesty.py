"""The lines that keep answers honest: the experimental status, claim attribution, the not-advice note."""

EXPERIMENTAL = (
    "Stem-cell treatment for acne scars is still experimental: results vary from person to person "
    "and nothing is guaranteed."
)
NOT_MEDICAL_ADVICE = (
    "This is general information from published material, not medical advice: "
    "a doctor who examines you decides what is right for you."
)
CLAIMS_NOTE = "Quality claims are the clinic's own and have not been checked independently."


def clinic_says(clinic_name: str, claim_text: str) -> str:
    """Attributes a marketing claim: 'THE PLUS says …' instead of stating it as fact."""
    text = claim_text.strip()
    if text.startswith(("says ", "calls ")):
        return f"{clinic_name} {text}"
    return (
        f"{clinic_name} describes itself as {text}" if text.startswith(("a ", "an ")) else f"{clinic_name} says: {text}"
    )
