"""Wishlist and alert endpoints: thin views that parse, call wishlist.services / wishlist.alert_services and
serialize. Signed-in only, except the unsubscribe link's endpoint."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ratelimit import rate_limit
from wishlist import alert_services, selectors, services
from wishlist.api.serializers import (
    AlertCreateSerializer,
    AlertListSerializer,
    AlertSerializer,
    UnsubscribedSerializer,
    UnsubscribeSerializer,
    WishlistEntrySerializer,
    WishlistMergeSerializer,
    WishlistSerializer,
)

NO_PHONE = OpenApiResponse(description="No such phone (or variant), or not on your wishlist / not your alert.")
INVALID = OpenApiResponse(
    description="Invalid input; a variant not of this phone; wishlist_full / alert_limit (the caps)."
)
UNSOLD = OpenApiResponse(
    description="variant_unavailable (no longer sold); variant_in_stock (notify me on a phone in stock)."
)


def wishlist_answer(user) -> dict:
    items = selectors.wishlist(user)
    return WishlistSerializer({"count": len(items), "max_items": settings.WISHLIST_MAX_ITEMS, "items": items}).data


class WishlistView(APIView):
    """The signed-in shopper's wishlist: phones, each with the variant chosen on the product page if any."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["wishlist"], responses={200: WishlistSerializer})
    def get(self, request):
        return Response(wishlist_answer(request.user))

    @extend_schema(
        tags=["wishlist"],
        request=WishlistEntrySerializer,
        responses={200: WishlistSerializer, 201: WishlistSerializer, 400: INVALID, 404: NO_PHONE, 409: UNSOLD},
        description="Put a phone on the wishlist (201), or again (200: with a variant, that variant is remembered "
        "instead). Answers the whole wishlist.",
    )
    @rate_limit("wishlist_write_user", key="user")
    def post(self, request):
        data = WishlistEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _, created = services.add(
            request.user, product_id=data.validated_data["product"], variant_id=data.validated_data.get("variant")
        )
        return Response(
            wishlist_answer(request.user), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class WishlistItemView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["wishlist"], responses={204: None, 404: NO_PHONE}, description="Take a phone off the wishlist."
    )
    @rate_limit("wishlist_write_user", key="user")
    def delete(self, request, product_id: int):
        services.remove(request.user, product_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WishlistMergeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["wishlist"],
        request=WishlistMergeSerializer,
        responses={200: WishlistSerializer, 400: INVALID},
        description="Sign-in: the wishlist the guest kept in the browser joins the shopper's. Stale entries are "
        "left out, never refused: unknown or unsold phones, variants not of the phone or no longer sold, phones "
        "already on the list, what does not fit under the cap. Answers the whole wishlist.",
    )
    @rate_limit("wishlist_write_user", key="user")
    def post(self, request):
        data = WishlistMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.merge_guest(request.user, [(e["product"], e.get("variant")) for e in data.validated_data["items"]])
        return Response(wishlist_answer(request.user))


class AlertsView(APIView):
    """The signed-in shopper's price and stock alerts."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["alerts"], responses={200: AlertListSerializer})
    def get(self, request):
        alerts = list(selectors.alerts(request.user))
        return Response(
            AlertListSerializer(
                {"count": len(alerts), "max_alerts": settings.ALERTS_MAX_PER_SHOPPER, "items": alerts}
            ).data
        )

    @extend_schema(
        tags=["alerts"],
        request=AlertCreateSerializer,
        responses={200: AlertSerializer, 201: AlertSerializer, 400: INVALID, 404: NO_PHONE, 409: UNSOLD},
        description="Start an alert (201), or renew the same kind on the same variant (200; a price drop's price "
        "to beat becomes the price seen now).",
    )
    @rate_limit("alerts_write_user", key="user")
    def post(self, request):
        data = AlertCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert, created = alert_services.create_alert(
            request.user,
            variant_id=data.validated_data["variant"],
            kind=data.validated_data["kind"],
            seen_price=data.validated_data.get("seen_price"),
        )
        return Response(AlertSerializer(alert).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AlertView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["alerts"], responses={204: None, 404: NO_PHONE}, description="Stop an alert.")
    @rate_limit("alerts_write_user", key="user")
    def delete(self, request, pk: int):
        alert_services.delete_alert(request.user, pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnsubscribeView(APIView):
    """An alert message's unsubscribe link, followed without signing in: the token says whose alerts (one,
    or all) it stops. Following it again answers 200 with nothing more stopped."""

    authentication_classes = []  # the token is the credential; a stale session must not turn it into a 401
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["alerts"],
        request=UnsubscribeSerializer,
        responses={
            200: UnsubscribedSerializer,
            400: OpenApiResponse(
                description="invalid_unsubscribe_link (altered, not ours) or expired_unsubscribe_link."
            ),
        },
    )
    @rate_limit("alerts_unsubscribe_ip")
    def post(self, request):
        data = UnsubscribeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stopped = alert_services.unsubscribe_by_token(data.validated_data["token"])
        return Response(
            UnsubscribedSerializer(
                {"scope": stopped.scope, "stopped": stopped.stopped, "message": stopped.message}
            ).data
        )
