"""A local HTTP server that speaks the part of Shiprocket's documented API (apidocs.shiprocket.in,
base https://apiv2.shiprocket.in) that ShiprocketProvider uses, so the provider is tested over real HTTP.

POST /v1/external/auth/login               {email, password} → {token, ...} (a JWT valid 240 h)
GET  /v1/external/courier/serviceability/  pickup_postcode, delivery_postcode, weight, cod
                                           → data.available_courier_companies[]
POST /v1/external/orders/create/adhoc      the order → {order_id, shipment_id, status: "NEW", status_code: 1,
                                           awb_code: ""}
POST /v1/external/orders/create/return     the return order: pickup_* (the customer), shipping_* (our warehouse),
                                           order_items, payment_method, sub_total, dimensions → {order_id,
                                           shipment_id, status: "RETURN PENDING", status_code: 21}
POST /v1/external/courier/assign/awb       {shipment_id, courier_id?} → {awb_assign_status: 1,
                                           response.data.awb_code, courier_name}
POST /v1/external/courier/generate/pickup  {shipment_id: [..]} → {pickup_status: 1, response: {...}}
GET  /v1/external/courier/track/awb/{awb}  → {tracking_data: {track_status, shipment_status, shipment_track[],
                                           shipment_track_activities[], track_url, etd}}
POST /v1/external/orders/cancel            {ids: [..]}
POST /v1/external/courier/generate/label   {shipment_id: [..]} → {label_created: 1, label_url, response,
                                           not_created: []} (label_created 0 and the id in not_created
                                           for a shipment without an AWB)
POST /v1/external/manifests/generate       {shipment_id: [..]} → {status: 1, manifest_url}; 400 "Manifest
                                           already generated" for a shipment already in one
POST /v1/external/manifests/print          {order_ids: [..]} → {manifest_url} of the orders' manifest
GET  /files/<name>.pdf                     the PDFs those URLs name (Shiprocket's S3 bucket), no auth
Every call but the login (and the files) needs `Authorization: Bearer <token>` (401 otherwise). Errors are Shiprocket's
shape: {"message": ..., "status_code": ...} and, for a 422, "errors": {field: [..]}.
"""

import base64
import json
import secrets
import threading
import time
from datetime import date, datetime, timedelta

from core.testing import LocalStandIn

RETURN_REQUIRED = (
    "order_id",
    "order_date",
    "pickup_customer_name",
    "pickup_address",
    "pickup_city",
    "pickup_state",
    "pickup_country",
    "pickup_pincode",
    "pickup_email",
    "pickup_phone",
    "shipping_customer_name",
    "shipping_address",
    "shipping_city",
    "shipping_country",
    "shipping_pincode",
    "shipping_state",
    "shipping_phone",
    "order_items",
    "payment_method",
    "sub_total",
    "length",
    "breadth",
    "height",
    "weight",
)
ORDER_REQUIRED = (
    "order_id",
    "order_date",
    "pickup_location",
    "billing_customer_name",
    "billing_address",
    "billing_city",
    "billing_pincode",
    "billing_state",
    "billing_country",
    "billing_email",
    "billing_phone",
    "shipping_is_billing",
    "order_items",
    "payment_method",
    "sub_total",
    "length",
    "breadth",
    "height",
    "weight",
)
COURIERS = [  # (courier_company_id, name, days, rate, zone)
    (43, "Delhivery Surface", 4, 54.0, "z_d"),
    (1, "Blue Dart", 2, 123.9, "z_d"),
    (225, "India Post-Business Parcel Surface Prepaid", 8, 40.5, "z_d"),
]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def make_token(lifetime_hours: int = 240) -> str:
    now = int(time.time())
    return ".".join(
        [
            _b64({"typ": "JWT", "alg": "HS256"}),
            _b64(
                {
                    "iss": "https://apiv2.shiprocket.in/v1/external/auth/login",
                    "iat": now,
                    "exp": now + lifetime_hours * 3600,
                    "sub": 7,
                    "jti": secrets.token_hex(8),
                }
            ),
            secrets.token_urlsafe(32),
        ]
    )


class FakeShiprocket(LocalStandIn):
    def __init__(self, email: str, password: str, pickup_location: str = "Primary"):
        self.email, self.password, self.pickup_location = email, password, pickup_location
        self.tokens: set[str] = set()
        self.logins = 0
        self.requests: list[tuple[str, str, dict | None, dict]] = []
        self.orders: dict[int, dict] = {}
        self.shipments: dict[int, dict] = {}
        self.activities: dict[str, list[dict]] = {}
        self.unserviceable: set[str] = set()
        self.no_cod: set[str] = set()  # postcodes served, but by no courier that collects cash
        self.delay = 0.0  # seconds before answering anything but the login
        self.fail_status: int | None = None  # answer every call but the login with this status
        self.awb_error: str | None = None
        self.authorizations: list[str] = []  # each call's Authorization header, in the order of `requests`
        self.files: dict[str, bytes] = {}  # the published PDFs, by path
        self.manifested: dict[int, str] = {}  # shipment id → its manifest's URL
        self.label_error: str | None = None  # answer generate/label with label_created 0 and this
        self._next_id = 281248157
        self._lock = threading.Lock()
        super().__init__()

    def respond(self, request):
        method, path, query = request.method, request.path.rstrip("/"), request.query_params()
        if method == "GET" and path.startswith("/files/"):  # Shiprocket's S3 bucket: public URLs
            pdf = self.files.get(path)
            return (200, pdf, {"Content-Type": "application/pdf"}) if pdf else (404, b"NoSuchKey")
        body = request.json()
        with self._lock:
            self.requests.append((method, path, body, query))
            self.authorizations.append(request.header("Authorization"))
        if path == "/v1/external/auth/login" and method == "POST":
            return self.login(body or {})
        if self.delay:
            time.sleep(self.delay)
        auth = request.header("Authorization")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
            return 401, {"message": "Unauthenticated.", "status_code": 401}
        if self.fail_status:
            return self.fail_status, {"message": "Something went wrong.", "status_code": self.fail_status}
        return self.route(method, path, body or {}, query)

    # --- the API

    def login(self, body):
        if body.get("email") != self.email or body.get("password") != self.password:
            return 400, {"message": "Invalid email and password combination", "status_code": 400}
        token = make_token()
        with self._lock:
            self.tokens.add(token)
            self.logins += 1
        return 200, {
            "company_id": 25149,
            "created_at": "2023-01-01 10:00:00",
            "email": self.email,
            "first_name": "API",
            "id": 7,
            "last_name": "User",
            "token": token,
        }

    def route(self, method, path, body, query):
        if method == "GET" and path == "/v1/external/courier/serviceability":
            return self.serviceability(query)
        if method == "POST" and path == "/v1/external/orders/create/adhoc":
            return self.create_order(body)
        if method == "POST" and path == "/v1/external/orders/create/return":
            return self.create_return(body)
        if method == "POST" and path == "/v1/external/courier/assign/awb":
            return self.assign_awb(body)
        if method == "POST" and path == "/v1/external/courier/generate/pickup":
            return self.pickup(body)
        if method == "GET" and path.startswith("/v1/external/courier/track/awb/"):
            return self.track(path.rsplit("/", 1)[1])
        if method == "POST" and path == "/v1/external/orders/cancel":
            return self.cancel(body)
        if method == "POST" and path == "/v1/external/courier/generate/label":
            return self.generate_label(body)
        if method == "POST" and path == "/v1/external/manifests/generate":
            return self.generate_manifest(body)
        if method == "POST" and path == "/v1/external/manifests/print":
            return self.print_manifest(body)
        return 404, {"message": "404 Not Found", "status_code": 404}

    @staticmethod
    def _invalid(errors):
        return 422, {"message": "Oops! Invalid Data.", "errors": errors, "status_code": 422}

    def serviceability(self, query):
        missing = {
            k: [f"The {k.replace('_', ' ')} field is required."]
            for k in ("pickup_postcode", "delivery_postcode")
            if not query.get(k)
        }
        if "weight" not in query and "order_id" not in query:
            missing["weight"] = ["The weight field is required when order id is not present."]
        if "cod" not in query and "order_id" not in query:
            missing["cod"] = ["The cod field is required when order id is not present."]
        if missing:
            return self._invalid(missing)
        if query["delivery_postcode"] in self.unserviceable:
            return 200, {
                "status": 404,
                "message": f"Delivery postcode {query['delivery_postcode']} is not serviceable.",
            }
        today = date.today()
        couriers = [
            {
                "courier_company_id": cid,
                "courier_name": name,
                "estimated_delivery_days": str(days),
                "etd": (today + timedelta(days=days)).strftime("%b %d, %Y"),
                "etd_hours": days * 24,
                "rate": rate,
                "freight_charge": rate,
                "cod": 0 if query["delivery_postcode"] in self.no_cod else 1,
                "zone": zone,
                "postcode": query["delivery_postcode"],
                "rating": 4.5,
                "is_surface": name.endswith("Surface"),
            }
            for cid, name, days, rate, zone in COURIERS
        ]
        return 200, {
            "status": 200,
            "currency": "INR",
            "company_auto_shipment_insurance_setting": False,
            "data": {
                "available_courier_companies": couriers,
                "recommended_courier_company_id": 43,
                "shiprocket_recommended_courier_id": 43,
                "child_courier_id": None,
                "is_recommendation_enabled": 1,
            },
        }

    def create_order(self, body):
        errors = {
            k: [f"The {k.replace('_', ' ')} field is required."]
            for k in ORDER_REQUIRED
            if body.get(k) in (None, "", [])
        }
        if errors:
            return self._invalid(errors)
        if len(str(body["order_id"])) > 50:
            return self._invalid({"order_id": ["The order id may not be greater than 50 characters."]})
        if body["pickup_location"] != self.pickup_location:
            return self._invalid({"pickup_location": ["Wrong Pickup location entered."]})
        if body["payment_method"] not in ("Prepaid", "COD"):
            return self._invalid({"payment_method": ["The selected payment method is invalid."]})
        for item in body["order_items"]:
            if not all(item.get(k) not in (None, "") for k in ("name", "sku", "units", "selling_price")):
                return self._invalid({"order_items": ["Each item needs name, sku, units and selling_price."]})
        if any(o["channel_order_id"] == body["order_id"] for o in self.orders.values()):
            return self._invalid({"order_id": ["Order Id already exists."]})
        with self._lock:
            order_id, shipment_id = self._next_id, self._next_id - 581476
            self._next_id += 1
        self.orders[order_id] = {
            "channel_order_id": body["order_id"],
            "shipment_id": shipment_id,
            "body": body,
            "status": "NEW",
        }
        self.shipments[shipment_id] = {"order_id": order_id, "awb": "", "courier": ""}
        return 200, {
            "order_id": order_id,
            "shipment_id": shipment_id,
            "status": "NEW",
            "status_code": 1,
            "onboarding_completed_now": 0,
            "awb_code": "",
            "courier_company_id": "",
            "courier_name": "",
        }

    def create_return(self, body):
        errors = {
            k: [f"The {k.replace('_', ' ')} field is required."]
            for k in RETURN_REQUIRED
            if body.get(k) in (None, "", [])
        }
        if errors:
            return self._invalid(errors)
        if str(body["payment_method"]).lower() != "prepaid":
            return self._invalid({"payment_method": ["Return orders are prepaid."]})
        for item in body["order_items"]:
            if not all(item.get(k) not in (None, "") for k in ("name", "sku", "units", "selling_price")):
                return self._invalid({"order_items": ["Each item needs name, sku, units and selling_price."]})
        if any(o["channel_order_id"] == body["order_id"] for o in self.orders.values()):
            return self._invalid({"order_id": ["Order Id already exists."]})
        with self._lock:
            order_id, shipment_id = self._next_id, self._next_id - 581476
            self._next_id += 1
        self.orders[order_id] = {
            "channel_order_id": body["order_id"],
            "shipment_id": shipment_id,
            "body": body,
            "status": "RETURN PENDING",
            "is_return": True,
        }
        self.shipments[shipment_id] = {"order_id": order_id, "awb": "", "courier": "", "is_return": True}
        return 200, {
            "order_id": order_id,
            "shipment_id": shipment_id,
            "status": "RETURN PENDING",
            "status_code": 21,
            "company_name": "PhoneStore",
        }

    def assign_awb(self, body):
        shipment = self.shipments.get(body.get("shipment_id"))
        if shipment is None:
            return 400, {"message": "Invalid shipment id.", "status_code": 400}
        if self.awb_error:
            return 200, {"awb_assign_status": 0, "response": {"data": {"awb_assign_error": self.awb_error}}}
        if shipment["awb"]:
            return 200, {
                "awb_assign_status": 0,
                "response": {"data": {"awb_assign_error": "AWB is already assigned for this shipment."}},
            }
        if bool(body.get("is_return")) != bool(shipment.get("is_return")):
            return 400, {"message": "is_return must be set exactly for return shipments.", "status_code": 400}
        courier_id, name = 43, "Delhivery Surface"
        shipment.update(awb=f"1904142475{len(self.activities) + 1:04d}", courier=name)
        self.activities[shipment["awb"]] = []
        return 200, {
            "awb_assign_status": 1,
            "response": {
                "data": {
                    "courier_company_id": courier_id,
                    "awb_code": shipment["awb"],
                    "cod": 0,
                    "order_id": shipment["order_id"],
                    "shipment_id": body["shipment_id"],
                    "awb_code_status": 1,
                    "assigned_date_time": {
                        "date": datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f"),
                        "timezone_type": 3,
                        "timezone": "Asia/Kolkata",
                    },
                    "applied_weight": 0.5,
                    "company_id": 25149,
                    "courier_name": name,
                    "child_courier_name": None,
                    "pickup_scheduled_date": (datetime.now() + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S"),
                    "routing_code": "",
                    "rto_routing_code": "",
                    "invoice_no": "",
                    "transporter_id": "",
                    "transporter_name": "",
                }
            },
        }

    def pickup(self, body):
        ids = body.get("shipment_id")
        if not isinstance(ids, list) or not all(i in self.shipments for i in ids):
            return self._invalid({"shipment_id": ["The shipment id must be an array of your shipments."]})
        return 200, {
            "pickup_status": 1,
            "response": {
                "pickup_scheduled_date": (datetime.now() + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M:%S"),
                "pickup_token_number": f"Reference No: {secrets.randbelow(10**9)}",
                "status": 3,
                "others": "",
                "data": "Pickup is scheduled",
            },
        }

    def track(self, awb):
        scans = self.activities.get(awb)
        if not scans:
            return 200, {
                "tracking_data": {
                    "track_status": 0,
                    "error": "Aahh! There is no activities found in our DB. "
                    "Please have some patience it will be updated soon.",
                }
            }
        newest = scans[0]
        return 200, {
            "tracking_data": {
                "track_status": 1,
                "shipment_status": int(newest["sr-status"]),
                "shipment_track": [
                    {
                        "id": 1,
                        "awb_code": awb,
                        "courier_company_id": 43,
                        "current_status": newest["activity"],
                        "origin": "Bengaluru",
                        "destination": "Kolkata",
                        "courier_name": "Delhivery Surface",
                        "edd": None,
                    }
                ],
                "shipment_track_activities": scans,
                "track_url": f"https://shiprocket.co//tracking/{awb}",
                "etd": (datetime.now() + timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S"),
            }
        }

    def cancel(self, body):
        ids = body.get("ids")
        if not isinstance(ids, list) or not all(i in self.orders for i in ids):
            return self._invalid({"ids": ["The ids must be an array of your orders."]})
        for i in ids:
            self.orders[i]["status"] = "CANCELED"
        return 200, {"status": 200, "message": "Order cancelled successfully."}

    def publish(self, kind: str, lines: list[str]) -> str:
        """A PDF at a new URL of the file host (Shiprocket's S3 bucket here), as the label and manifest calls make."""
        from fpdf import FPDF

        pdf = FPDF(unit="mm", format=(102, 152))
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        path = f"/files/{kind}-{secrets.token_hex(6)}.pdf"
        self.files[path] = bytes(pdf.output())
        return f"{self.url}{path}"

    def _shipment_ids(self, body, name="shipment_id"):
        ids = body.get(name)
        if not isinstance(ids, list) or not ids or not all(isinstance(i, int) for i in ids):
            return None
        return ids

    def generate_label(self, body):
        ids = self._shipment_ids(body)
        if ids is None or not all(i in self.shipments for i in ids):
            return self._invalid({"shipment_id": ["The shipment id must be an array of your shipments."]})
        missing = [i for i in ids if not self.shipments[i]["awb"]]
        if self.label_error or missing:
            return 200, {
                "label_created": 0,
                "label_url": "",
                "response": self.label_error or "AWB not assigned",
                "not_created": missing or ids,
            }
        lines = [f"Shiprocket label: AWB {self.shipments[i]['awb']} ({self.shipments[i]['courier']})" for i in ids]
        return 200, {
            "label_created": 1,
            "label_url": self.publish("label", lines),
            "response": "Label has been created and uploaded successfully!",
            "not_created": [],
        }

    def generate_manifest(self, body):
        ids = self._shipment_ids(body)
        if ids is None or not all(i in self.shipments and self.shipments[i]["awb"] for i in ids):
            return self._invalid({"shipment_id": ["The shipment id must be an array of your booked shipments."]})
        if any(i in self.manifested for i in ids):
            return 400, {"message": "Manifest already generated for the given shipments.", "status_code": 400}
        url = self.publish("manifest", [f"Shiprocket manifest: AWB {self.shipments[i]['awb']}" for i in ids])
        for i in ids:
            self.manifested[i] = url
        return 200, {"status": 1, "manifest_url": url}

    def print_manifest(self, body):
        order_ids = self._shipment_ids(body, "order_ids")
        by_order = {o["shipment_id"]: oid for oid, o in self.orders.items()}
        urls = {self.manifested.get(sid) for sid, oid in by_order.items() if order_ids and oid in order_ids}
        if order_ids is None or None in urls or not urls:
            return self._invalid({"order_ids": ["The orders must be manifested orders of yours."]})
        return 200, {"manifest_url": sorted(urls)[0]}

    # --- what the courier does, for the tests

    def scan(self, awb: str, code: int, label: str, when: datetime, activity: str = "", location: str = "Bengaluru"):
        """The courier scans the parcel: tracking shows it (newest first, as Shiprocket lists them)."""
        self.activities.setdefault(awb, []).insert(
            0,
            {
                "date": when.strftime("%Y-%m-%d %H:%M:%S"),
                "status": label[:4].upper(),
                "activity": activity or label.title(),
                "location": location,
                "sr-status": str(code),
                "sr-status-label": label,
            },
        )

    @staticmethod
    def push(awb: str, code: int, label: str, when: datetime, order_id: str = "", scans: list | None = None) -> dict:
        """The tracking webhook body as Shiprocket sends it."""
        return {
            "awb": awb,
            "courier_name": "Delhivery Surface",
            "current_status": label,
            "current_status_id": code,
            "shipment_status": label,
            "shipment_status_id": code,
            "current_timestamp": when.strftime("%d %m %Y %H:%M:%S"),
            "order_id": order_id,
            "sr_order_id": 348456385,
            "awb_assigned_date": when.strftime("%Y-%m-%d %H:%M:%S"),
            "pickup_scheduled_date": when.strftime("%Y-%m-%d %H:%M:%S"),
            "etd": (when + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
            "scans": scans
            or [
                {
                    "date": when.strftime("%Y-%m-%d %H:%M:%S"),
                    "status": "X-PPOM",
                    "activity": f"{label.title()} - scan",
                    "location": "Chomu_SamodRd_D (Rajasthan)",
                    "sr-status": str(code),
                    "sr-status-label": label,
                }
            ],
            "is_return": 0,
            "channel_id": 3422553,
            "pod_status": "",
            "pod": "Not Available",
        }

    def calls(self, method: str, prefix: str) -> list:
        return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]
