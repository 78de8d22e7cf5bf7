"""Address sub-resources of a customer: list, add, get, upsert, patch, delete, tags."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import MANAGE, MANAGE_OWN, READ, READ_OWN
from .errors import address_not_found, bad_request, duplicate, version_conflict
from .limits import MAX_FIELD
from .params import only_params, present_address
from .state import caller, json_body, load_visible, number_param, optional_object_body, sandbox
from .validation import address_body, merge_patch, sent_version

Doc = dict[str, Any]


def _find(doc: Doc, number: str, address_id: str) -> Doc:
    for address in doc.get("addresses") or []:
        if address.get("id") == address_id:
            return address
    raise address_not_found(number, address_id)


def _make_default(doc: Doc, chosen: Doc) -> None:
    for address in doc.get("addresses") or []:
        address["isDefault"] = address is chosen


def _checked_version(address: Doc, clean: Doc) -> None:
    current = int((address.get("metadata") or {}).get("version", 1))
    expected = sent_version(clean)
    if expected is not None and expected != current:
        raise version_conflict(expected, current)


def _apply(address: Doc, clean: Doc, replace: bool) -> Doc:
    version = int((address.get("metadata") or {}).get("version", 1))
    meta = clean.get("metadata")
    if replace:
        # A PUT replaces the address but never drops what it cannot be without (contactName)
        # or what a plain GET does not show (mixins), unless the body names them.
        kept = {"id": address["id"], "isDefault": address.get("isDefault", False)}
        for key in ("contactName", "mixins"):
            if key in address:
                kept[key] = address[key]
        old_links = (address.get("metadata") or {}).get("mixins")
        address.clear()
        address.update(kept)
        if old_links is not None:
            address["metadata"] = {"mixins": old_links}
    changes = {k: v for k, v in clean.items() if k not in ("metadata", "id")}
    merge_patch(address, changes)
    metadata = address.setdefault("metadata", {})
    if isinstance(meta, dict) and isinstance(meta.get("mixins"), dict):
        metadata["mixins"] = meta["mixins"]
    metadata["version"] = version + 1
    return address


async def _prepare(request: Request, scopes: tuple[str, ...], *params: str) -> tuple[str, Doc]:
    who = caller(request)
    who.require(*scopes)
    only_params(request, *params)
    number = number_param(request)
    return number, await load_visible(request, who, number, change=MANAGE_OWN in scopes)


async def list_addresses(request: Request) -> Response:
    _, doc = await _prepare(request, (READ, READ_OWN))
    return JSONResponse([present_address(a) for a in doc.get("addresses") or []])


async def get_address(request: Request) -> Response:
    number, doc = await _prepare(request, (READ, READ_OWN))
    return JSONResponse(present_address(_find(doc, number, request.path_params["addressId"])))


def _new_address(doc: Doc, clean: Doc, address_id: str | None) -> Doc:
    addresses = doc.setdefault("addresses", [])
    if address_id is None:
        address_id = secrets.token_hex(5)
    address: Doc = {"id": address_id}
    _apply(address, clean, replace=False)
    address["metadata"]["version"] = 1
    addresses.append(address)
    # The first address becomes the default; later ones only when they ask to.
    if clean.get("isDefault") or len(addresses) == 1:
        _make_default(doc, address)
    else:
        address["isDefault"] = False
    return address


async def add_address(request: Request) -> Response:
    number, _ = await _prepare(request, (MANAGE, MANAGE_OWN))
    clean = address_body(await json_body(request, {}), "add")
    created: list[str] = []

    def add(doc: Doc) -> Doc:
        wanted = clean.get("id")
        if wanted is not None and any(a.get("id") == wanted for a in doc.get("addresses") or []):
            raise duplicate(f"Address '{wanted}' already exists on customer '{number}'.", "id")
        created.append(_new_address(doc, clean, wanted)["id"])
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, add, bump=False)
    return JSONResponse({"id": created[0]}, status_code=201)


async def put_address(request: Request) -> Response:
    number, current = await _prepare(request, (MANAGE, MANAGE_OWN))
    address_id = request.path_params["addressId"]
    if not address_id or len(address_id) > 66:
        raise bad_request("addressId", "must be 1 to 66 characters")
    exists = any(a.get("id") == address_id for a in current.get("addresses") or [])
    clean = address_body(await json_body(request, {}), "put" if exists else "create")

    def upsert(doc: Doc) -> Doc:
        found = next((a for a in doc.get("addresses") or [] if a.get("id") == address_id), None)
        if found is None:
            _new_address(doc, clean, address_id)
            return doc
        _checked_version(found, clean)
        _apply(found, clean, replace=True)
        if "isDefault" in clean:
            if clean["isDefault"]:
                _make_default(doc, found)
            else:
                found["isDefault"] = False
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, upsert, bump=False)
    if exists:
        return Response(status_code=204)
    return JSONResponse({"id": address_id}, status_code=201)


async def patch_address(request: Request) -> Response:
    number, _ = await _prepare(request, (MANAGE, MANAGE_OWN))
    address_id = request.path_params["addressId"]
    clean = address_body(await json_body(request, {}), "patch")

    def patch(doc: Doc) -> Doc:
        found = _find(doc, number, address_id)
        _checked_version(found, clean)
        _apply(found, {k: v for k, v in clean.items() if k != "isDefault"}, replace=False)
        if clean.get("isDefault") is True:
            _make_default(doc, found)
        elif clean.get("isDefault") is False:
            found["isDefault"] = False
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, patch, bump=False)
    return Response(status_code=200)


async def delete_address(request: Request) -> Response:
    number, _ = await _prepare(request, (MANAGE, MANAGE_OWN))
    address_id = request.path_params["addressId"]
    await optional_object_body(request)

    def remove(doc: Doc) -> Doc:
        found = _find(doc, number, address_id)
        doc["addresses"] = [a for a in doc["addresses"] if a is not found]
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, remove, bump=False)
    return Response(status_code=204)


def _tags(request: Request) -> list[str]:
    raw = request.query_params.get("tags")
    tags = [t.strip() for t in (raw or "").split(",") if t.strip()]
    if not tags:
        raise bad_request(
            "tags", "name at least one tag, e.g. tags=BILLING,SHIPPING", "missing_value"
        )
    if any(len(t) > MAX_FIELD for t in tags):
        raise bad_request("tags", f"each tag at most {MAX_FIELD} characters", "too_long")
    return tags


async def add_tags(request: Request) -> Response:
    number, _ = await _prepare(request, (MANAGE, MANAGE_OWN), "tags")
    address_id = request.path_params["addressId"]
    tags = _tags(request)

    def add(doc: Doc) -> Doc:
        found = _find(doc, number, address_id)
        current = list(found.get("tags") or [])
        found["tags"] = current + [t for t in tags if t not in current]
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, add, bump=False)
    return Response(status_code=204)


async def remove_tags(request: Request) -> Response:
    number, _ = await _prepare(request, (MANAGE, MANAGE_OWN), "tags")
    address_id = request.path_params["addressId"]
    tags = set(_tags(request))

    def remove(doc: Doc) -> Doc:
        found = _find(doc, number, address_id)
        found["tags"] = [t for t in found.get("tags") or [] if t not in tags]
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, remove, bump=False)
    return Response(status_code=204)
