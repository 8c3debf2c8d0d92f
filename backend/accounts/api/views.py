"""Accounts endpoints: thin views that parse, call accounts.services and serialize."""
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from accounts import services
from accounts.api.serializers import (
    AddressSerializer,
    SignInSerializer,
    LogoutSerializer,
    PasswordChangeSerializer,
    RegisterResponseSerializer,
    RegisterSerializer,
    RefreshSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from accounts.models import Address

INVALID = OpenApiResponse(description='Invalid input: {"error": {"code", "message", "fields"}} with messages per field.')
UNAUTHENTICATED = OpenApiResponse(description="Missing, expired, forged or revoked token.")
TAGS = ["auth"]


@extend_schema(tags=TAGS, responses={201: RegisterResponseSerializer, 400: INVALID})
class RegisterView(generics.GenericAPIView):
    """Create an account and sign it in at once (user + access and refresh tokens).

    Passwords follow the store's policy (at least 10 characters, not common, not all digits, not like
    the email, name or phone). A refused email gets a neutral message that does not tell whether an
    account exists."""

    serializer_class = RegisterSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.register_user(**serializer.validated_data)
        body = {"user": UserSerializer(user).data, **services.issue_tokens(user)}
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, responses={200: TokenPairSerializer, 400: INVALID,
                                     401: OpenApiResponse(description="Wrong email or password (one message for both).")})
class TokenView(TokenObtainPairView):
    """Sign in with {email, password}; answers an access and a refresh token."""

    serializer_class = SignInSerializer


@extend_schema(tags=TAGS, responses={200: TokenPairSerializer, 400: INVALID, 401: UNAUTHENTICATED})
class TokenRefreshRotateView(TokenRefreshView):
    """Trade a refresh token for a new access + refresh pair. The refresh sent is blacklisted: using it
    again is a 401."""

    serializer_class = RefreshSerializer


@extend_schema(tags=TAGS, request=LogoutSerializer,
               responses={204: OpenApiResponse(description="Signed out: the refresh token is revoked."),
                          400: INVALID, 401: UNAUTHENTICATED})
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


@extend_schema(tags=TAGS, request=PasswordChangeSerializer,
               responses={200: TokenPairSerializer, 400: INVALID, 401: UNAUTHENTICATED})
class PasswordChangeView(generics.GenericAPIView):
    """Change the password. Every refresh token of the account is revoked (other devices are signed
    out) and a fresh pair is returned for this one."""

    serializer_class = PasswordChangeSerializer
    permission_classes = [IsAuthenticated]

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens = services.change_password(request.user, **serializer.validated_data)
        return Response(tokens, status=status.HTTP_200_OK)


_address_errors = {400: INVALID, 401: UNAUTHENTICATED, 404: OpenApiResponse(description="No such address of yours.")}


@extend_schema_view(
    list=extend_schema(tags=["addresses"], responses={200: AddressSerializer(many=True), 401: UNAUTHENTICATED}),
    create=extend_schema(tags=["addresses"], responses={201: AddressSerializer, 400: INVALID, 401: UNAUTHENTICATED}),
    retrieve=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    update=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    partial_update=extend_schema(tags=["addresses"], responses={200: AddressSerializer, **_address_errors}),
    destroy=extend_schema(tags=["addresses"], responses={204: None, 401: UNAUTHENTICATED,
                                                         404: _address_errors[404]}),
)
class AddressViewSet(viewsets.ModelViewSet):
    """The signed-in shopper's delivery addresses (at most 20; exactly one is the default).
    Another shopper's address is a 404."""

    serializer_class = AddressSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]+"

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
