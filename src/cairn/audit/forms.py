from django import forms


class AuditSearchForm(forms.Form):
    person_id = forms.IntegerField(label="Person number", required=False, min_value=1)
    user = forms.CharField(label="Username", required=False, max_length=150)
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 27/3/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    date_to = forms.DateField(label="To", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data
