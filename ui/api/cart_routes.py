"""The cart over HTTP, per session (the same cart the chat changes with "add the second one"):

    GET    /v1/sessions/{id}/cart                    the cart, prices re-checked (changes said in `changes`)
    POST   /v1/sessions/{id}/cart/items              add {product_id, quantity}
    PATCH  /v1/sessions/{id}/cart/items/{product}    set {quantity}; 0 removes the line
    DELETE /v1/sessions/{id}/cart/items/{product}    remove the line
    DELETE /v1/sessions/{id}/cart                    empty it
    POST   /v1/sessions/{id}/checkout                hand the order summary to the shop's system

Checkout answers 409 when a price changed since the cart was last shown (the body says which;
checking out again orders at the new prices), 422 when the cart is empty, and 502 when the shop's
order system did not take the order (the cart is kept).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path

from assistant.dialogue.cart_turn import PricesChanged
from assistant.dialogue.checkout import CheckoutError
from ui.api.bodies import SESSION_PATTERN, AddItem, CartOut, OrderOut, SetQuantity

SESSION = Path(pattern=SESSION_PATTERN)
PRODUCT = Path(min_length=1, max_length=200)


def cart_router(assistant) -> APIRouter:
    """The cart routes over `assistant` (include it in the /v1 router, which checks the token)."""
    router = APIRouter(tags=["cart"])

    def call(fn, *args):
        try:
            return fn(*args).to_json()
        except LookupError as err:
            raise HTTPException(404, str(err).strip("'\"")) from err
        except ValueError as err:
            raise HTTPException(422, str(err)) from err

    @router.get("/sessions/{session_id}/cart", response_model=CartOut)
    def get_cart(session_id: str = SESSION) -> dict:
        """The cart with every price read from the catalog again; a change is said in `changes`."""
        return call(assistant.cart, session_id)

    @router.post("/sessions/{session_id}/cart/items", response_model=CartOut)
    def add_item(body: AddItem, session_id: str = SESSION) -> dict:
        return call(assistant.add_to_cart, session_id, body.product_id, body.quantity)

    @router.patch("/sessions/{session_id}/cart/items/{product_id}", response_model=CartOut)
    def set_quantity(body: SetQuantity, session_id: str = SESSION, product_id: str = PRODUCT) -> dict:
        return call(assistant.set_cart_quantity, session_id, product_id, body.quantity)

    @router.delete("/sessions/{session_id}/cart/items/{product_id}", response_model=CartOut)
    def remove_item(session_id: str = SESSION, product_id: str = PRODUCT) -> dict:
        return call(assistant.remove_from_cart, session_id, product_id)

    @router.delete("/sessions/{session_id}/cart", response_model=CartOut)
    def empty_cart(session_id: str = SESSION) -> dict:
        return call(assistant.empty_cart, session_id)

    @router.post("/sessions/{session_id}/checkout", response_model=OrderOut,
                 responses={409: {"description": "a price changed; check out again to confirm"},
                            422: {"description": "the cart is empty"},
                            502: {"description": "the shop's order system did not take the order"}})
    def checkout(session_id: str = SESSION) -> dict:
        """Hand the order summary (JSON) to the shop's system (its webhook or order file) and empty
        the cart. No payment is taken."""
        try:
            return assistant.checkout(session_id).to_json()
        except PricesChanged as changed:
            raise HTTPException(409, str(changed)) from changed
        except CheckoutError as err:
            raise HTTPException(502, str(err)) from err
        except ValueError as err:
            raise HTTPException(422, str(err)) from err

    return router
