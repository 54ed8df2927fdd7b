"""The lines that keep answers honest: the experimental status and the not-advice note."""

EXPERIMENTAL = (
    "Stem-cell treatment for acne scars is still experimental: results vary from person to person "
    "and nothing is guaranteed."
)
NOT_MEDICAL_ADVICE = (
    "This is general information from published material, not medical advice: "
    "a doctor who examines you decides what is right for you."
)

# Asked for a guarantee. Source: Korea's Medical Service Act (의료법), Article 56(2)2, which prohibits
# medical advertising that guarantees treatment effects or otherwise may mislead consumers (Korea Law
# Information Center, law.go.kr).
NO_GUARANTEE = (
    "No one can honestly guarantee a result. In Korea, the Medical Service Act forbids medical advertising that "
    "guarantees treatment results, so be wary of any clinic or agent that promises one. The article doesn't say "
    "whether clinics refund or repeat a session when the result disappoints: ask the coordinators for the clinic's "
    "terms in writing before you pay."
)
