"""Two-factor sign-in: who must use it, enrolment of a TOTP device, recovery codes, and
the check of a code typed at the verify step.

The devices are django-otp's (`TOTPDevice`, `StaticDevice` for the recovery codes); a
signed-in request is *verified* once `django_otp.login` has recorded the device that
answered (django-otp's OTPMiddleware then says so through `request.user.is_verified()`).
The pages are in `steerco/web/views/signin.py`; `steerco/web/signin.py` sends a user who
must use two factors to enrol or verify before any other page.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from steerco.units.permissions import manages_somewhere

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from steerco.units.permissions import UserLike

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def two_factor_on() -> bool:
    """Whether the deployment requires two factors of managers and administrators
    (`STEERCO_REQUIRE_2FA`; on by default whenever DEBUG is off)."""
    return bool(settings.STEERCO_REQUIRE_2FA)


def two_factor_required(user: UserLike) -> bool:
    """Whether this signed-in user must pass a second factor: managers and
    administrators of some unit, staff and superusers, when the setting is on."""
    if not two_factor_on() or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_staff", False)) or manages_somewhere(user)


def has_device(user: AbstractBaseUser) -> bool:
    """Whether the user has a confirmed authenticator (recovery codes alone do not count:
    they are issued with it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator being enrolled (unconfirmed), created on first ask; its key
    stays the same until it is confirmed, so reloading the page shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def otpauth_uri(device: TOTPDevice) -> str:
    return str(device.config_url)


def qr_svg_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data: URI (drawn here: no external call, no script)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=4, border=2))


@transaction.atomic
def totp_confirm(user: AbstractBaseUser, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with the first code the authenticator shows. Returns the new
    recovery codes (shown once), or None when the code is wrong. Any earlier
    authenticator and recovery codes of the user are replaced."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user)


@transaction.atomic
def recovery_codes_issue(user: AbstractBaseUser) -> list[str]:
    """New single-use recovery codes for the user, replacing any earlier ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def device_for_token(user: AbstractBaseUser, token: str) -> object | None:
    """The confirmed device (authenticator or recovery code) that accepts `token`, or None.
    A recovery code is used up; django-otp throttles repeated wrong codes per device."""
    token = token.strip().lower().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def two_factor_reset(user: AbstractBaseUser) -> None:
    """Remove the user's authenticator and recovery codes (they enrol again at their next
    sign-in). For the account pages of a later step and the admin."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def base32_key(device: TOTPDevice) -> str:
    """The authenticator's key as an app asks it to be typed (base32, in groups of four)."""
    import base64

    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
