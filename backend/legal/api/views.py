"""Public, cached answers: the legal pages' index with every fact, and one page with its text filled in. The cache
(core.http_cache, namespace "legal") is dropped whenever a text is published (legal.services.publish)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.http_cache import public_cache
from legal import facts, selectors
from legal.api.serializers import LegalIndexSerializer, LegalPageSerializer
from legal.services import NAMESPACE

TAGS = ["legal"]


class LegalIndexView(APIView):
    """Every legal page (title, description, last updated) and every fact they state."""

    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, operation_id="legal_index", responses=LegalIndexSerializer)
    @public_cache(NAMESPACE)
    def get(self, request: Request) -> Response:
        found = facts.facts()
        pages = [selectors.rendered(version, found) for version in selectors.current_texts()]
        return Response(LegalIndexSerializer({"pages": pages, "facts": facts.values(found)}).data)


class LegalPageView(APIView):
    """One legal page: its latest text with the facts filled in (body, and the same as blocks), and the facts."""

    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, operation_id="legal_page", responses=LegalPageSerializer)
    @public_cache(NAMESPACE)
    def get(self, request: Request, slug: str) -> Response:
        version = selectors.current_text(slug)
        if version is None:
            raise Http404
        found = facts.facts()
        return Response(LegalPageSerializer({**selectors.rendered(version, found), "facts": facts.values(found)}).data)
