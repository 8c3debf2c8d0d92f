"""The shopper's personal data: consents (GET, give with POST, withdraw with DELETE), a download of everything held
about them, and the deletion of their account. Signed-in shoppers only; thin views over privacy.services."""

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.ratelimit import rate_limit
from privacy import selectors, services
from privacy.api.serializers import (
    ConsentsSerializer,
    ErasedSerializer,
    EraseSerializer,
    ErasureCodeSentSerializer,
    ErasureInfoSerializer,
    GiveConsentSerializer,
)
from privacy.models import Channel, Purpose
from sms.services import mask

TAGS = ["account"]
REFUSED = OpenApiResponse(description='{"error": {"code", "message", "fields"}}')


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # IsAuthenticated
    return user


def _consents(user: User) -> dict:
    return ConsentsSerializer(
        {"choices": selectors.consent_choices(user), "history": selectors.consent_history(user)}
    ).data


class ConsentsView(APIView):
    """Consents to marketing messages: each with the exact words shown, whether given, and the whole history."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses=ConsentsSerializer)
    def get(self, request: Request) -> Response:
        return Response(_consents(_user(request)))

    @extend_schema(
        tags=TAGS,
        request=GiveConsentSerializer,
        responses={201: ConsentsSerializer, 200: ConsentsSerializer, 400: REFUSED, 409: REFUSED},
    )
    @rate_limit("privacy_consent_user", key="user")
    def post(self, request: Request) -> Response:
        """Agree to a consent's wording (its text_version): 201 when recorded, 200 when it was already given to it;
        409 consent_text_changed when the wording shown is not today's."""
        serializer = GiveConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _user(request)
        created = services.give_consent(user, **serializer.validated_data, source="account", request=request)
        return Response(_consents(user), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ConsentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: ConsentsSerializer, 404: REFUSED})
    @rate_limit("privacy_consent_user", key="user")
    def delete(self, request: Request, purpose: str, channel: str) -> Response:
        """Withdraw a consent in one call (nothing to withdraw is not an error)."""
        if purpose not in Purpose.values or channel not in Channel.values:
            raise Http404
        user = _user(request)
        services.withdraw_consent(user, purpose=purpose, channel=channel, request=request)
        return Response(_consents(user))


class ExportView(APIView):
    """Download everything the store holds about you, as JSON (a file): profile, addresses, orders, reviews,
    consents, data requests. Audited, and acknowledged by email."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={200: OpenApiResponse(description="The data, as a JSON file (Content-Disposition: attachment)")},
    )
    @rate_limit("privacy_export_user", key="user")
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = selectors.export_data(user)
        services.record_export(user, sorted(data), request=request)
        stamp = data["generated_at"][:10]
        response = Response(data)
        response["Content-Disposition"] = f'attachment; filename="{settings.STORE_NAME.lower()}-data-{stamp}.json"'
        return response


def _masked(user: User) -> str:
    """Where the code went, partly hidden: the email, else the mobile number an account without email has."""
    if not user.email:
        return f"+91 {mask(user.mobile or '')}"
    name, _, domain = user.email.partition("@")
    return f"{name[:1]}{'*' * max(1, len(name) - 1)}@{domain}"


class ErasureView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses=ErasureInfoSerializer)
    def get(self, request: Request) -> Response:
        """Whether the account can be deleted now, how to confirm it, and what is erased and what is kept."""
        user = _user(request)
        found = services.blockers(user)
        return Response(
            ErasureInfoSerializer(
                {
                    "allowed": not found,
                    "blockers": found,
                    "confirm_with": (["password"] if user.has_usable_password() else []) + ["code"],
                    "erased": services.ERASED,
                    "kept": services.KEPT,
                }
            ).data
        )

    @extend_schema(
        tags=TAGS,
        request=EraseSerializer,
        responses={200: ErasedSerializer, 400: REFUSED, 403: REFUSED, 409: REFUSED, 429: REFUSED},
    )
    @rate_limit("privacy_erasure_user", key="user")
    def post(self, request: Request) -> Response:
        """Delete the account, confirmed by its password or an emailed code. Refused for staff and admin accounts
        (403 staff_account) and while an order is on its way or a return open (409 orders_in_progress). Afterwards
        the account cannot sign in and its tokens are revoked: a repeat gets 401."""
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.erase_account(
            _user(request),
            password=serializer.validated_data.get("password"),
            code=serializer.validated_data.get("code"),
            request=request,
        )
        return Response(ErasedSerializer({"erased": services.ERASED, "kept": services.KEPT}).data)


class ErasureCodeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS, request=None, responses={202: ErasureCodeSentSerializer, 403: REFUSED, 409: REFUSED, 429: REFUSED}
    )
    @rate_limit("privacy_erasure_code_user", key="user")
    def post(self, request: Request) -> Response:
        """Send a one-time code that confirms the account's deletion, by email (by SMS to an account without one; a
        newer code replaces an older one)."""
        user = _user(request)
        services.request_erasure_code(user)
        body = {"sent_to": _masked(user), "expires_in_minutes": settings.ERASURE_CODE_MINUTES}
        return Response(ErasureCodeSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)
