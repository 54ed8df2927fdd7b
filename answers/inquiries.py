"""The wording of the consultation request, the hand-off and the privacy requests."""

from __future__ import annotations

from answers.coordinators import Coordinators
from answers.reply import Button, Reply, bullet_list
from inquiries.intake import FIELDS, NO_PREFERENCE, NOT_GIVEN, Contact, month_label
from inquiries.models import Inquiry
from inquiries.store import ConsultationDetails
from knowledge.query import KnowledgeBase

# Channels where the coordinators can answer in the same chat (the patient is reachable there).
MESSAGING_CHANNELS = {"telegram", "facebook", "twilio", "whatsapp", "slack", "line", "callback"}


def clinic_name(kb: KnowledgeBase, slug: str | None) -> str:
    if not slug or slug == NO_PREFERENCE:
        return NO_PREFERENCE
    return next((clinic.name for clinic in kb.clinics() if clinic.slug == slug), slug)


def summary_lines(kb: KnowledgeBase, details: ConsultationDetails) -> list[str]:
    lines = [
        f"Name: {details.name}",
        f"Contact: {Contact(details.contact_kind, details.contact)}",
        f"Country: {details.country}",
        f"Treatment: {details.treatment}",
        f"Clinic: {clinic_name(kb, details.clinic)}",
        f"Travel month: {month_label(details.travel_month)}",
        f"Budget: {details.budget or NOT_GIVEN}",
    ]
    if details.health_consent:
        lines.append(f"Scar description: {details.scar_description or NOT_GIVEN}")
    else:
        lines.append("Scar description: not shared (no consent for health information)")
    return lines


def change_buttons(health_consent: bool) -> list[Button]:
    buttons = [Button.intent("Send it", "affirm")]
    for field, (label, _keywords) in FIELDS.items():
        if field == "consent_health" and not health_consent:
            label = "Add a scar description"
        buttons.append(Button.intent(f"Change: {label.lower()}", "change_answer", form_field=field))
    buttons.append(Button.intent("Cancel the request", "cancel"))
    return buttons


def confirm_summary(kb: KnowledgeBase, details: ConsultationDetails) -> Reply:
    text = (
        "Here is your consultation request:\n"
        + bullet_list(summary_lines(kb, details))
        + "\nShall I send it to the coordinators? You can also change any detail."
    )
    return Reply(text, change_buttons(details.health_consent))


def which_change(health_consent: bool) -> Reply:
    return Reply("Which detail would you like to change?", change_buttons(health_consent))


def submitted(inquiry: Inquiry, details: ConsultationDetails, coordinators: Coordinators) -> Reply:
    return Reply(
        f"Thank you, {details.name}. Your request (reference #{inquiry.id}) is with the clinic's coordinators. "
        f"They will contact you by {Contact(details.contact_kind, details.contact)} {coordinators.when()} "
        "to arrange a consultation; the doctor decides at that consultation whether the treatment suits you. "
        "Meanwhile, I'm happy to answer more questions. You can also ask me to show or delete your data."
    )


def consent_refused() -> Reply:
    return Reply(
        "Understood: I haven't stored any personal details. You can keep asking me questions, or contact "
        "a clinic directly whenever you're ready.",
        [Button.fact("The clinics", "clinics_list")],
    )


def handed_off(inquiry: Inquiry, channel: str, coordinators: Coordinators) -> Reply:
    reference = f"(reference #{inquiry.id})"
    if inquiry.contact:
        how = f"They will contact you by {Contact(inquiry.contact_kind, inquiry.contact)}"
        return Reply(f"I've asked a coordinator to take over {reference}. {how} {coordinators.when()}.")
    if channel in MESSAGING_CHANNELS:
        return Reply(
            f"I've asked a coordinator to take over {reference}. They can read this conversation and will "
            f"reply here in this chat {coordinators.when()}."
        )
    direct = f" You can also reach them directly: {coordinators.contact}." if coordinators.contact else ""
    return Reply(
        f"I've asked a coordinator to take over {reference}. They can read this conversation, but they can't "
        f"reply on the website, so please leave a contact (email, phone/WhatsApp or KakaoTalk) and they will "
        f"get back to you {coordinators.when()}.{direct}",
        [Button.intent("Leave my contact details", "request_consultation")],
    )


# Said with every privacy answer: a request reaches only the conversation it was made in (channels/identity.py).
ONLY_THIS_CONVERSATION = (
    "This covers only this conversation, here on {channel}; a chat on another app or device is separate: "
    "ask there, or ask a coordinator."
)
CHANNEL_NAMES = {
    "socketio": "the website chat",
    "rest": "this chat service",
    "callback": "this chat service",
    "telegram": "Telegram",
    "facebook": "Messenger",
    "twilio": "WhatsApp or SMS",
    "slack": "Slack",
    "line": "LINE",
}


def only_this_conversation(channel: str | None) -> str:
    return ONLY_THIS_CONVERSATION.format(channel=CHANNEL_NAMES.get(channel or "", "this channel"))


def stored_data(inquiry: Inquiry | None, messages: int, channel: str | None) -> Reply:
    conversation = f"This conversation: {messages} message{'s' if messages != 1 else ''} from you, with my replies."
    scope = only_this_conversation(channel)
    if inquiry is None:
        return Reply(f"No inquiry is stored for this conversation. {conversation}\n{scope}")
    fields = [
        f"Reference: #{inquiry.id}, created {inquiry.created_at:%Y-%m-%d} (status: {inquiry.status.replace('_', ' ')})",
        f"Topics you asked about: {', '.join(inquiry.topic_names) or 'none'}",
    ]
    if inquiry.consultation_requested:
        fields += [
            f"Name: {inquiry.name}",
            f"Contact: {Contact(inquiry.contact_kind, inquiry.contact)}",
            f"Country: {inquiry.country}",
            f"Treatment: {inquiry.treatment}",
            f"Clinic: {inquiry.clinic or NO_PREFERENCE}",
            f"Travel month: {month_label(inquiry.travel_month)}",
            f"Budget: {inquiry.budget or NOT_GIVEN}",
            f"Scar description: {inquiry.scar_description or 'not stored'}",
            f"Consent to store contact details: given {inquiry.contact_consent_at:%Y-%m-%d}",
        ]
    if inquiry.handoff_requested:
        fields.append("You asked to talk to a person.")
    return Reply(
        "This is what is stored about you:\n" + bullet_list(fields) + f"\n{conversation}\n{scope}",
        [Button.intent("Delete my data", "request_data_deletion")],
    )


def data_deleted(had_inquiry: bool, channel: str | None) -> Reply:
    what = "Your inquiry and this conversation have" if had_inquiry else "This conversation has"
    scope = only_this_conversation(channel)
    return Reply(f"{what} been deleted. If you write again, we start a new conversation.\n{scope}")
