"""The eight legal pages and the first version of each text. The facts in them ({{ group.name }}) are filled from
legal.facts when a page is served, so a text written here never states a window or a fee the store does not use.
Staff publish later versions in the admin; this one stays as version 1."""

from django.db import migrations

PAGES = [
    (
        "seller",
        "About the seller",
        "{{store.name}} is run by {{seller.legal_name}}, GSTIN {{seller.gstin}}, {{seller.address}}. "
        "Who sells to you, and how to reach us.",
        """{{store.name}} is the online store of {{seller.legal_name}}, trading as {{seller.trade_name}}. We sell every phone and accessory on this site ourselves, from our own stock: there are no other sellers on {{store.name}}, and the seller named on your tax invoice is always us.

## Our registration
- Legal name: {{seller.legal_name}}
- Trade name: {{seller.trade_name}}
- GSTIN: {{seller.gstin}} (PAN {{seller.pan}})
- Registered address: {{seller.address}}

## How to reach us
Write to {{seller.email}} about an order, a return or anything else. If our answer does not settle it, our grievance officer, {{grievance.name}}, takes complaints at {{grievance.email}} (see our grievance redressal page).

## What we sell
New phones and accessories, with the manufacturer's warranty, at prices that include GST. Each product page shows the price, the MRP, what the phone is and whether we deliver to your pincode.""",
    ),
    (
        "grievance",
        "Grievance redressal",
        "Complaints to {{store.name}}: our grievance officer {{grievance.name}} ({{grievance.email}}) acknowledges "
        "within {{grievance.acknowledge_hours}} hours and resolves within {{grievance.resolve_within}}.",
        """If something went wrong with an order, a delivery, a return, a refund or your personal data, tell us. Our support team at {{seller.email}} answers most questions. If you are not satisfied with their answer, or you want to complain directly, write to our grievance officer, appointed under the Consumer Protection (E-Commerce) Rules, 2020.

## Our grievance officer
- {{grievance.name}}, {{grievance.designation}}
- Email: {{grievance.email}}
- Phone: {{grievance.phone}}
- Post: {{seller.legal_name}}, {{seller.address}}

## How to complain
- Write or call with your name, your order number (it starts with PS) and what went wrong. Photos help for a damaged parcel or a faulty phone.
- We acknowledge your complaint within {{grievance.acknowledge_hours}} hours of receiving it, with a reference to quote.
- We resolve it within {{grievance.resolve_within}} of receiving it, and tell you what we did and why.

## If you are still not satisfied
You may call the National Consumer Helpline (1915, or consumerhelpline.gov.in) or approach the consumer commission of your district under the Consumer Protection Act, 2019. About your personal data, you may also complain to the Data Protection Board of India once you have used this route.""",
    ),
    (
        "returns",
        "Returns policy",
        "Return a phone or accessory within {{returns.window_days}} days of delivery if it arrived dead, damaged or "
        "not as described: free pickup, then a refund or a replacement.",
        """You can ask us to take back a phone or accessory within {{returns.window_days}} days of its delivery, from the order's page in your account.

## When you can return it
- It arrived dead, damaged in transit, or not as described ({{returns.reasons}}).
- You ask within {{returns.window_days}} days of delivery.
- It comes back with its box, charger, cables, manuals and any free gift, and a phone is signed out of your Google or Apple account with Find My Device switched off, so that it can be checked.

## How it works
- Open the order in your account, choose the items (a phone is returned by its IMEI), the reason and whether you want a refund or a replacement, and add up to {{returns.max_photos}} photos.
- We approve or decline the request and tell you why by email. Once approved, a courier collects the parcel from your delivery address at no cost to you.
- When it reaches our warehouse we inspect it. Then we refund what you paid for it (see our refund policy) or ship a replacement of the same model and variant; if none is left in stock, we refund you.

## What we cannot take back
- An item asked back more than {{returns.window_days}} days after its delivery.
- A phone damaged after delivery (broken screen, liquid), opened or repaired elsewhere, or still locked to an account.

Nothing here limits your rights under the Consumer Protection Act, 2019, or the manufacturer's warranty, which its service centres honour across India.""",
    ),
    (
        "refunds",
        "Refund policy",
        "When and how {{store.name}} refunds: at once on a cancelled paid order, after inspection on a return, to the "
        "way you paid; your bank credits it within {{refunds.credit_days}} working days.",
        """## When we refund
- You cancel an order you have paid for: the refund starts at once.
- We cancel an order (for example, it cannot be delivered to you, or the parcel comes back to us): the refund starts at once.
- We accept a return: the refund starts once the item has reached us and passed inspection.

## How much
The whole amount you paid for a cancelled order. For a return, what you paid for the items returned, after their share of any coupon discount.

## How
- Paid online (card, UPI, net banking or wallet): back to the same card, account or wallet, through the payment gateway you paid with.
- Cash on delivery: to the UPI id or bank account you give us with the return.

## How long
Once we have started a refund, your bank or card issuer usually credits it within {{refunds.credit_days}} working days. You can follow a return's refund on the order's page, and we email you when it is done. Each refund comes with a GST credit note in your account.

If a refund has not reached you by then, write to {{seller.email}} or to our grievance officer at {{grievance.email}}.""",
    ),
    (
        "cancellation",
        "Cancellation policy",
        "Cancel a {{store.name}} order from your account while it is {{cancellation.statuses}}; paid orders are "
        "refunded at once. No cancellation fee.",
        """You can cancel an order from its page in your account while it is {{cancellation.statuses}}. Cancelling costs nothing.

## After that
Once an order is {{cancellation.not_from}}, it can no longer be cancelled. You may refuse the parcel at the door, or ask for a return under our returns policy.

## Orders that cancel themselves
- An order paid online that is not paid within {{cancellation.unpaid_minutes}} minutes of being placed is cancelled, and the phones go back on sale.
- A cash on delivery order is confirmed with a code we send you; if it is not confirmed within {{cancellation.cod_confirm_minutes}} minutes, it is cancelled.

## Refunds
If you had paid, the refund starts as soon as the order is cancelled, to the way you paid (see our refund policy). A coupon used on a cancelled order can be used again.

## When we cancel
We may cancel an order we cannot fulfil (out of stock after all, a pincode our couriers cannot reach, a payment the gateway reverses). We tell you by email and refund anything you paid in full.""",
    ),
    (
        "shipping",
        "Shipping policy",
        "{{store.name}} delivers across India: free on orders of {{shipping.free_from}} or more, {{shipping.fee}} "
        "below; tracking from dispatch to your door.",
        """We deliver across India, to every pincode our courier partners serve. Each product page tells you whether we deliver to your pincode and when the parcel should arrive.

## What delivery costs
- Free on orders of {{shipping.free_from}} or more (what you pay for the goods, after any coupon).
- {{shipping.fee}} on smaller orders.
- Cash on delivery, where offered, is for orders up to {{cod.max_order_value}}; its fee is {{cod.fee}}.

## Dispatch and tracking
We hand your order to the courier once it is paid (or, for cash on delivery, confirmed) and packed; a phone is packed once its IMEI is recorded for your invoice. You get an email when it ships, with its tracking link and your tax invoice, another when it is out for delivery and one when it is delivered. The order's page in your account follows it too.

## At your door
Check the parcel before you accept it. Refuse it if it is open, damaged or tampered with, and tell us: we send it again or refund you. A parcel nobody accepts comes back to us and the order is cancelled and refunded (see our cancellation policy).

Parcels are shipped from our warehouse in {{seller.state}}. Delivery dates are the courier's estimates; if a parcel is late, write to {{seller.email}}.""",
    ),
    (
        "privacy",
        "Privacy notice",
        "What personal data {{store.name}} collects and why, who we share it with, how long we keep it, and your "
        "rights under the Digital Personal Data Protection Act, 2023.",
        """This notice explains what personal data {{seller.legal_name}} ("we"), which runs {{store.name}}, collects about you, why, who we share it with, how long we keep it, and your rights under the Digital Personal Data Protection Act, 2023. We decide why and how your data is used: we are its Data Fiduciary.

## What we collect and why
- Your account: email address, name, mobile number and password (kept only as a one-way hash). To sign you in and to tell you about your orders.
- Your addresses: to deliver your orders and to print your tax invoice. The state you buy in is the place of supply GST is charged by.
- Your orders: what you bought, prices, payments, refunds, returns and the IMEI of each phone sold. To deliver, invoice, take returns and honour warranties, and because GST law requires us to keep these records.
- Payments: taken by our payment gateways (Razorpay, Stripe). We never see or keep your card number, UPI PIN or bank password; we keep the gateway's reference of the payment.
- Your reviews: published on the phone's page with your name.
- Security records: the IP address and browser of sign-ins and account changes, and failed sign-in attempts. To protect your account and the store from fraud.
- Marketing: we send you offers by email or SMS only if you agree, on your account page, to the exact words shown there. We record when you agreed and to what. You can withdraw in one click there at any time. Messages about your orders are not marketing.

We do not sell your data and use no advertising trackers. The storefront's cookies keep you signed in and hold your cart, nothing else.

## Who we share it with
- Courier partners (Shiprocket and its couriers): your name, phone number and delivery address, to deliver your parcel and collect returns.
- Payment gateways (Razorpay, Stripe): what they need to take your payment and refund it.
- Our email and SMS providers: your address or number and the message.
- Government authorities, where the law requires it (for example, GST returns).

## How long we keep it
- Your account, addresses and reviews: until you delete your account.
- Orders, tax invoices and credit notes: {{privacy.retention_months}} months after the due date of the year's annual GST return, as the CGST Act (section 36) requires.
- Security records: as long as they are needed to keep the store safe.

## Your rights
- Access: "Download my data" on your account page gives you a copy of everything we hold about you.
- Correction: change your profile and addresses on your account page, or ask us.
- Withdrawing consent: switch marketing off on your account page, in one click.
- Erasure: "Delete my account" on your account page. We erase {{privacy.erased}}. We keep {{privacy.kept}}.
- Nomination: you may name someone to use these rights for you if you die or cannot.
- Grievances: write to our grievance officer, {{grievance.name}} ({{grievance.email}}, {{grievance.phone}}), who answers within {{grievance.resolve_within}}; then, if you are not satisfied, to the Data Protection Board of India.

We confirm each download of your data and each deletion by email.""",
    ),
    (
        "terms",
        "Terms of use",
        "The terms on which {{seller.legal_name}} sells through {{store.name}}: orders, prices with GST, payment, "
        "delivery, returns, warranty and disputes.",
        """These terms apply when you use {{store.name}} ({{store.website}}) and buy from {{seller.legal_name}}, {{seller.address}}, GSTIN {{seller.gstin}}. By placing an order you accept them, with our shipping, cancellation, returns and refund policies and our privacy notice.

## Your account
Keep your password and sign-in codes to yourself; you are responsible for orders placed from your account. You must be 18 or older to buy, or buy with a parent's or guardian's consent.

## Prices and orders
- Prices are in Indian rupees and include GST. Delivery is free from {{shipping.free_from}}; below that it costs {{shipping.fee}}.
- Your order is a contract once we confirm it by email. If we cannot fulfil it, we cancel it and refund anything you paid.
- Each order comes with a GST tax invoice; a buyer with a GSTIN can add it at checkout.

## Payment
Online payments are taken by Razorpay (in India) or Stripe (international cards). Cash on delivery, where offered, is for orders up to {{cod.max_order_value}}.

## Delivery, cancellation and returns
As our shipping, cancellation, returns and refund policies say. In short: you may cancel while an order is {{cancellation.statuses}}, and ask for a return within {{returns.window_days}} days of delivery if an item arrived dead, damaged or not as described.

## Warranty
Phones and accessories carry their manufacturer's warranty, honoured by its authorised service centres. Keep your tax invoice: it carries your phone's IMEI.

## Using the store
Do not misuse the store: no automated ordering or scraping that burdens it, no false reviews, no attempts to get at other people's data.

## Disputes
These terms are governed by the laws of India. Complaints go first to our grievance officer ({{grievance.email}}); the courts at {{terms.jurisdiction}} have jurisdiction, without taking away your right to approach a consumer commission.""",
    ),
]


def create_pages(apps, schema_editor):
    LegalPage = apps.get_model("legal", "LegalPage")
    LegalText = apps.get_model("legal", "LegalText")
    for position, (slug, title, description, body) in enumerate(PAGES):
        page, _ = LegalPage.objects.get_or_create(slug=slug, defaults={"position": position})
        if not LegalText.objects.filter(page=page).exists():
            LegalText.objects.create(
                page=page,
                number=1,
                title=title,
                description=description,
                body=body,
                note="The first text, shipped with the store.",
                published_by_label="system:migration",
            )


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
