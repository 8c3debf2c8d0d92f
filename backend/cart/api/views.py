"""Cart endpoints. A guest cart is known by its token, which the storefront keeps and sends back in
the `X-Cart-Token` header (or the `cart_token` cookie). When a signed-in request carries a guest
token, that guest cart is merged into the user's cart (POST /api/cart/merge/ does it explicitly)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from cart import services
from cart.api.serializers import (
    AddItemSerializer,
    ApplyCouponSerializer,
    CartSerializer,
    MergeSerializer,
    UpdateItemSerializer,
    cart_payload,
)
from core.ratelimit import rate_limit
from coupons import services as coupons

CART_TOKEN_HEADER = "X-Cart-Token"
CART_TOKEN_COOKIE = "cart_token"


def request_token(request):
    return request.headers.get(CART_TOKEN_HEADER) or request.COOKIES.get(CART_TOKEN_COOKIE)


def cart_response(request, cart, http_status=status.HTTP_200_OK, *, priced=None):
    """The cart's answer, priced now with its coupon; `priced` (items, PricedCart, CouponState) when the view has
    just priced it."""
    if priced is None:
        items, priced_cart = services.priced(cart)
        coupon = coupons.price_with_coupon(cart, priced_cart, user=request.user)
    else:
        items, priced_cart, coupon = priced
    response = Response(CartSerializer(cart_payload(cart, items, priced_cart, coupon)).data, status=http_status)
    if cart is not None and cart.is_guest:
        response[CART_TOKEN_HEADER] = str(cart.token)
        response.set_cookie(
            CART_TOKEN_COOKIE,
            str(cart.token),
            max_age=60 * 60 * 24 * 30,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
    elif request.COOKIES.get(CART_TOKEN_COOKIE):  # merged into the user's cart: the guest token is spent
        response.delete_cookie(CART_TOKEN_COOKIE, samesite="Lax")
    return response


NO_VARIANT = OpenApiResponse(description="No such phone variant.")
NO_ITEM = OpenApiResponse(description="No such item in your cart.")
NOT_IN_STOCK = OpenApiResponse(description="Not enough stock, or the phone is no longer sold.")


class CartView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CartSerializer)
    def get(self, request):
        return cart_response(request, services.resolve_cart(request.user, request_token(request)))


class CartItemsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=AddItemSerializer, responses={201: CartSerializer, 404: NO_VARIANT, 409: NOT_IN_STOCK})
    @rate_limit("cart_write_user", key="user")
    def post(self, request):
        data = AddItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.resolve_cart(request.user, request_token(request), create=True)
        services.add_item(cart, variant_id=data.validated_data["variant"], quantity=data.validated_data["quantity"])
        return cart_response(request, cart, status.HTTP_201_CREATED)


class CartItemView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=UpdateItemSerializer, responses={200: CartSerializer, 404: NO_ITEM, 409: NOT_IN_STOCK})
    @rate_limit("cart_write_user", key="user")
    def patch(self, request, pk: int):
        data = UpdateItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.resolve_cart(request.user, request_token(request))
        services.update_item(cart, pk, quantity=data.validated_data["quantity"])
        return cart_response(request, cart)

    @extend_schema(responses=CartSerializer)
    @rate_limit("cart_write_user", key="user")
    def delete(self, request, pk: int):
        cart = services.resolve_cart(request.user, request_token(request))
        services.remove_item(cart, pk)
        return cart_response(request, cart)


class CartMergeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=MergeSerializer, responses=CartSerializer)
    def post(self, request):
        data = MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token = data.validated_data.get("token") or request_token(request)
        cart = (
            services.merge_guest_cart(request.user, token)
            if token
            else services.resolve_cart(request.user, create=True)
        )
        return cart_response(request, cart)


COUPON_REFUSED = OpenApiResponse(
    description="The code is wrong, not active, not started, expired, used up, already used by you, not for "
    "these products, or the cart is below its minimum (coupon_* codes; the message is for the shopper)."
)


class CartCouponView(APIView):
    """Apply a coupon to the cart (POST) or take it off (DELETE). Guests may apply one; the per-shopper limit is
    checked once signed in (the cart read and checkout). Tries are rate limited per shopper and per IP."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=ApplyCouponSerializer, responses={200: CartSerializer, 400: COUPON_REFUSED, 409: COUPON_REFUSED}
    )
    @rate_limit("coupon_apply_ip", key="ip")
    @rate_limit("coupon_apply_user", key="user")
    def post(self, request):
        data = ApplyCouponSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = services.resolve_cart(request.user, request_token(request), create=True)
        items, priced = services.priced(cart)
        state = coupons.apply_to_cart(cart, data.validated_data["code"], priced, user=request.user)
        return cart_response(request, cart, priced=(items, priced, state))

    @extend_schema(responses={200: CartSerializer})
    @rate_limit("cart_write_user", key="user")
    def delete(self, request):
        cart = services.resolve_cart(request.user, request_token(request))
        coupons.remove_from_cart(cart)
        return cart_response(request, cart)
