"""Filing a complaint with the grievance officer: anyone may, signed in or not (a signed-in shopper's complaint is
linked to their account)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ratelimit import rate_limit
from support import services
from support.api.serializers import ComplaintSerializer, FiledComplaintSerializer


class ComplaintsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=["support"], request=ComplaintSerializer, responses={201: FiledComplaintSerializer})
    @rate_limit("support_complaint_ip")
    def post(self, request: Request) -> Response:
        """File a complaint: 201 with its reference and the date it will be resolved by; the grievance officer gets
        it by email and the shopper an acknowledgement."""
        serializer = ComplaintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        complaint = services.file_complaint(**serializer.validated_data, user=user, request=request)
        body = {
            "reference": complaint.reference,
            "category": complaint.category,
            "status": complaint.status,
            "created_at": complaint.created_at,
            "due_by": complaint.due_by,
            "officer": settings.GRIEVANCE_OFFICER_NAME,
        }
        return Response(FiledComplaintSerializer(body).data, status=status.HTTP_201_CREATED)
