"""The columns of a person record as agencies exchange them in bulk: the input header of
`cairn dedupe`, the first columns the synthetic generator writes, the fields the matching
model reads."""

RECORD_COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "nhs_number",
    "upn",
    "pnc_id",
)
