"""Accounts endpoints: thin views that parse, call accounts.services and serialize."""

from collections.abc import Mapping

from django_ratelimit import UNSAFE
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts import otp, password_reset, services
from accounts.api.serializers import (
    AddressSerializer,
    LogoutSerializer,
    OtpRequestedSerializer,
    OtpRequestSerializer,
    OtpSignedInSerializer,
    OtpVerifySerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetDoneSerializer,
    PasswordResetRequestSerializer,
    RefreshSerializer,
    RegisterResponseSerializer,
    RegisterSerializer,
    SignInSerializer,
    StateSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from accounts.lockout import AccountLocked, seconds_left, username_from_credentials
from accounts.models import Address
from accounts.validators import normalize_mobile
from core.http_cache import public_cache
from core.ratelimit import body_field, rate_limit
from tax.states import STATES

INVALID = OpenApiResponse(
    description='Invalid input: {"error": {"code", "message", "fields"}} with messages per field.'
)
UNAUTHENTICATED = OpenApiResponse(description="Missing, expired, forged or revoked token.")
TOO_MANY = OpenApiResponse(description="Rate limit or account lockout: 429 with Retry-After (seconds).")
TAGS = ["auth"]


@extend_schema(tags=TAGS, responses={201: RegisterResponseSerializer, 400: INVALID, 429: TOO_MANY})
class RegisterView(generics.GenericAPIView):
    """Create an account and sign it in at once (user + access and refresh tokens).

    Passwords follow the store's policy (at least 10 characters, not common, not all digits, not like
    the email, name or phone). A refused email gets a neutral message that does not tell whether an
    account exists."""

    serializer_class = RegisterSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @rate_limit("auth_register_ip")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.register_user(**serializer.validated_data)
        body = {"user": UserSerializer(user).data, **services.issue_tokens(user)}
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=TAGS,
    responses={
        200: TokenPairSerializer,
        400: INVALID,
        401: OpenApiResponse(description="Wrong email or password (one message for both)."),
        429: TOO_MANY,
    },
)
class TokenView(TokenObtainPairView):
    """Sign in with {email, password}; answers an access and a refresh token.

    Limited per client IP and per email (429 with Retry-After); after repeated failures the email is
    locked for a while (429 locked_out), whether or not an account has it."""

    serializer_class = SignInSerializer

    @rate_limit("auth_token_ip")
    @rate_limit("auth_token_account", key=body_field("email"))
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):  # set by django-axes during authenticate()
                raise AccountLocked(seconds_left(username_from_credentials(request, None))) from None
            raise


@extend_schema(tags=TAGS, responses={200: TokenPairSerializer, 400: INVALID, 401: UNAUTHENTICATED, 429: TOO_MANY})
class TokenRefreshRotateView(TokenRefreshView):
    """Trade a refresh token for a new access + refresh pair. The refresh sent is blacklisted: using it
    again is a 401."""

    serializer_class = RefreshSerializer

    @rate_limit("auth_refresh_ip")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


OTP_SENT = "If this email can sign in with a code, a 6-digit code is on its way. It is valid for {minutes} minutes."
# The same words for every number, known or not (a closed account's gets no code).
OTP_SENT_SMS = "If this number can sign in, a 6-digit code is on its way by SMS. It is valid for {minutes} minutes."


def otp_identity_key(group, request) -> str:
    """The per-account rate limits' key: the number a mobile is (so "+91 98765 43210" and "098765 43210" count
    as one), else the email as body_field("email") keys it."""
    data = getattr(request, "data", None)
    raw = data.get("mobile") if isinstance(data, Mapping) else None
    if isinstance(raw, str):
        return "mobile:" + (normalize_mobile(raw) or raw.strip()[:20])
    return body_field("email")(group, request)


@extend_schema(tags=TAGS, responses={202: OtpRequestedSerializer, 400: INVALID, 429: TOO_MANY})
class OtpRequestView(generics.GenericAPIView):
    """Ask for a one-time sign-in code: {mobile} by SMS to any Indian mobile number (a new number gets its
    account when the code is entered), or {email} for accounts that turned OTP sign-in on. The answer is the
    same whether or not the number or email has an account. Limited per client IP and per number or email."""

    serializer_class = OtpRequestSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @rate_limit("auth_otp_request_ip")
    @rate_limit("auth_otp_request_account", key=otp_identity_key)
    def post(self, request):
        from django.conf import settings

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "mobile" in data:
            otp.request_mobile_code(data["mobile"])
        else:
            otp.request_code(data["email"])
        message = OTP_SENT_SMS if "mobile" in data else OTP_SENT
        return Response({"detail": message.format(minutes=max(1, settings.OTP_TTL_SECONDS // 60))}, status=202)


@extend_schema(
    tags=TAGS,
    responses={
        200: OtpSignedInSerializer,
        400: INVALID,
        401: OpenApiResponse(description="Wrong, used or expired code (one message)."),
        429: TOO_MANY,
    },
)
class OtpVerifyView(generics.GenericAPIView):
    """Trade {mobile, code} or {email, code} for an access and a refresh token. A code works once, for 5
    minutes and 5 guesses; wrong codes count towards the lockout of the number or email like wrong passwords.
    The first code entered for a new number makes its account: name_required says to ask for the name next."""

    serializer_class = OtpVerifySerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @rate_limit("auth_otp_verify_ip")
    @rate_limit("auth_otp_verify_account", key=otp_identity_key)
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "mobile" in data:
            user = otp.verify_mobile_code(request, data["mobile"], data["code"])
        else:
            user = otp.verify_code(request, data["email"], data["code"])
        body = {**services.issue_tokens(user), "name_required": not user.full_name}
        return Response(body, status=status.HTTP_200_OK)

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


@extend_schema(
    tags=TAGS,
    request=LogoutSerializer,
    responses={
        204: OpenApiResponse(description="Signed out: the refresh token is revoked."),
        400: INVALID,
        401: UNAUTHENTICATED,
    },
)
class LogoutView(generics.GenericAPIView):
    """Sign out one session: the refresh token sent is blacklisted. Works without an access token (it
    may have expired); the refresh token itself is the proof."""

    serializer_class = LogoutSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.blacklist_refresh_token(serializer.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_authenticate_header(self, request):
        # No authenticators here, but a bad refresh token is still a 401 (DRF would turn it into a 403).
        return 'Bearer realm="api"'


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: UserSerializer, 401: UNAUTHENTICATED}),
    patch=extend_schema(tags=TAGS, responses={200: UserSerializer, 400: INVALID, 401: UNAUTHENTICATED}),
)
class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in shopper. PATCH changes full_name and phone; the email cannot be changed here."""

    serializer_class = UserSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = services.update_profile(self.request.user, **serializer.validated_data)


@extend_schema(
    tags=TAGS,
    request=PasswordChangeSerializer,
    responses={200: TokenPairSerializer, 400: INVALID, 401: UNAUTHENTICATED, 429: TOO_MANY},
)
class PasswordChangeView(generics.GenericAPIView):
    """Change the password. Every refresh token of the account is revoked (other devices are signed
    out) and a fresh pair is returned for this one."""

    serializer_class = PasswordChangeSerializer
    permission_classes = [IsAuthenticated]

    @rate_limit("auth_password_change_user", key="user")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens = services.change_password(request.user, **serializer.validated_data)
        return Response(tokens, status=status.HTTP_200_OK)


RESET_SENT = (
    "If this email has a PhoneStore account, a link to choose a new password is on its way. It works "
    "once, for {minutes} minutes."
)


@extend_schema(tags=TAGS, responses={202: PasswordResetDoneSerializer, 400: INVALID, 429: TOO_MANY})
class PasswordResetRequestView(generics.GenericAPIView):
    """Forgotten password: email a reset link. The answer is the same whether or not the email has an
    account (the email goes out from a task)."""

    serializer_class = PasswordResetRequestSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @rate_limit("auth_password_reset_ip")
    @rate_limit("auth_password_reset_account", key=body_field("email"))
    def post(self, request):
        from django.conf import settings

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset.request_reset(serializer.validated_data["email"])
        message = RESET_SENT.format(minutes=max(1, settings.PASSWORD_RESET_TIMEOUT // 60))
        return Response({"detail": message}, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=TAGS, responses={200: PasswordResetDoneSerializer, 400: INVALID, 429: TOO_MANY})
class PasswordResetConfirmView(generics.GenericAPIView):
    """Set a new password with the emailed link's uid and token (400 invalid_reset_link when it is wrong,
    used or expired). Every session of the account is signed out; sign in with the new password."""

    serializer_class = PasswordResetConfirmSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    @rate_limit("auth_password_reset_ip")
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset.reset_password(**serializer.validated_data)
        return Response({"detail": "Your password is changed. Sign in with the new one."}, status=status.HTTP_200_OK)


_address_errors = {400: INVALID, 401: UNAUTHENTICATED, 404: OpenApiResponse(description="No such address of yours.")}


@extend_schema_view(
    list=extend_schema(tags=["addresses"], responses={200: AddressSerializer(many=True), 401: UNAUTHENTICATED}),
    create=extend_schema(
        tags=["addresses"],
        responses={
            201: AddressSerializer,
            400: OpenApiResponse(
                description=f"{INVALID.description} Also address_limit: you keep at most "
                f"{services.MAX_ADDRESSES_PER_USER} addresses."
            ),
            401: UNAUTHENTICATED,
        },
    ),
    retrieve=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    update=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    partial_update=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    destroy=extend_schema(tags=["addresses"], responses={204: None, 401: UNAUTHENTICATED, 404: _address_errors[404]}),
)
class AddressViewSet(viewsets.ModelViewSet):
    """The signed-in shopper's delivery addresses (at most 20; exactly one is the default).
    Another shopper's address is a 404."""

    serializer_class = AddressSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"

    @rate_limit("address_write_user", key="user", methods=UNSAFE)  # creating, changing and deleting
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no signed-in user
            return Address.objects.none()
        return Address.objects.filter(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.create_address(self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_address(serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.delete_address(instance)


class StateListView(APIView):
    """The states and union territories an address can be in: its GST state code and official name, in
    code order. An address takes the code as state_code. The same for everyone, so cached like the catalog
    (a CDN may keep it)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(tags=["addresses"], responses={200: StateSerializer(many=True)})
    @public_cache("states")
    def get(self, request):
        return Response([{"code": code, "name": name} for code, name in STATES.items()])
