from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from .models import Indicator, IndicatorValue, Target
from .validation import target_problem


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Read-only: definitions are loaded with `steerco indicators load`, which checks the
    formulas, their codes and cycles together."""

    list_display = ["code", "name_vi", "kind", "measure_unit", "period_type", "aggregation"]
    list_filter = ["kind", "period_type", "aggregation", "direction"]
    search_fields = ["code", "name_vi", "name_en"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Values are append-only: the admin shows them and never edits them."""

    list_display = ["indicator", "unit", "period", "version", "value", "source", "recorded_at"]
    list_filter = ["source"]
    search_fields = ["indicator__code", "unit__code", "unit__name", "period"]
    raw_id_fields = ["indicator", "unit", "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TargetAdminForm(forms.ModelForm):
    """The admin's target form: a target of 0 or below is refused at its field, with the
    reason the service and the import give (`validation.target_problem`)."""

    class Meta:
        model = Target
        fields = [
            "indicator",
            "unit",
            "period",
            "target",
            "baseline",
            "baseline_period",
            "trajectory",
        ]

    def clean_target(self) -> Decimal:
        target = self.cleaned_data["target"]
        problem = target_problem(target) if target is not None else ""
        if problem:
            raise forms.ValidationError(problem, code="target_not_positive")
        return target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetAdminForm
    list_display = ["indicator", "unit", "period", "target", "baseline", "baseline_period"]
    search_fields = ["indicator__code", "unit__code", "unit__name"]
    raw_id_fields = ["indicator", "unit", "author"]
    readonly_fields = ["author", "recorded_at"]
