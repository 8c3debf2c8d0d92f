from django.contrib import admin

from cart.models import Cart, CartItem


class CartItemInline(admin.TabularInline):
    model = CartItem
    extra = 0
    raw_id_fields = ["variant"]
    readonly_fields = ["added_at"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "token", "updated_at"]
    list_filter = [("user", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "token"]
    raw_id_fields = ["user"]
    readonly_fields = ["token", "created_at", "updated_at"]
    inlines = [CartItemInline]
