"""The cart in the conversation: "add the second one to my cart", "add 2 of those", "remove the Dell",
"make it 3", "what's in my cart?", "empty my cart", "check out".

`CartDesk.turn` reads the message (`read_cart_command`), finds the products it points at (on the
page shown, or in the cart once the cart was shown), changes the session's cart and answers with
it. A message that points at nothing it can find and does not name the cart is left to the search
pipeline ("add a mouse" after a page of laptops is a new request). The same operations serve the
HTTP routes and the MCP tools, through `Assistant`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.core.text import money
from assistant.core.types import CartView, Intent, Order, Reply
from assistant.dialogue import cart as carts
from assistant.dialogue.checkout import CheckoutError, OrderSink, make_order
from assistant.dialogue.sessions import Session
from assistant.parse.cart_commands import CartCommand, read_cart_command
from assistant.parse.state import mentioned_positions, superlative
from retrieval.catalog.product import Product
from retrieval.search.filters import norm_key


class PricesChanged(ValueError):
    """Checkout found prices that changed since the cart was last shown: the shopper confirms first."""

    def __init__(self, cart: CartView) -> None:
        super().__init__(" ".join(cart.changes) + " Check out again to order at these prices.")
        self.cart = cart


class CartDesk:
    """Cart operations on a `Session` (the caller loads and saves it, under its session lock)."""

    def __init__(self, lookup: Callable[[str], Product | None], sink: OrderSink | None = None) -> None:
        self.lookup = lookup
        self.sink = sink

    # -- operations (HTTP, MCP and the chat all use these) -------------------------------------
    def show(self, session: Session) -> CartView:
        view, session.cart = carts.view(session.cart, self.lookup)
        return view

    def add(self, session: Session, product_id: str, quantity: int = 1) -> CartView:
        session.cart = carts.add(session.cart, product_id, quantity, self.lookup)
        return self.show(session)

    def set_quantity(self, session: Session, product_id: str, quantity: int) -> CartView:
        session.cart = carts.set_quantity(session.cart, product_id, quantity)
        return self.show(session)

    def remove(self, session: Session, product_id: str) -> CartView:
        session.cart = carts.remove(session.cart, product_id)
        return self.show(session)

    def empty(self, session: Session) -> CartView:
        session.cart = []
        return CartView()

    def checkout(self, session: Session) -> Order:
        """Hand the order summary to the shop's system and empty the cart. A ValueError when the cart
        is empty, `PricesChanged` when a price changed since it was shown (the new prices are kept:
        checking out again orders at them), `CheckoutError` when the shop's system did not take it."""
        view = self.show(session)
        if not any(i.available for i in view.items):
            raise ValueError("the cart is empty: add a product first")
        if view.changes:
            raise PricesChanged(view)
        if self.sink is None:
            raise CheckoutError("checkout is not set up for this shop (no webhook or order file)")
        order = make_order(session.id, view)
        order = replace(order, delivered_to=self.sink.deliver(order.to_json()))
        session.cart = []
        return order

    # -- the chat -------------------------------------------------------------------------------
    def turn(self, session: Session, message: str) -> Reply | None:
        """The reply to a cart command in `message`, or None when it is none (or points at nothing)."""
        state = session.state
        command = read_cart_command(message, bool(state.shown), state.cart_shown)
        if command is None:
            return None
        if command.action == "show":
            return self._reply(session, carts.describe(self.show(session)), listed=True)
        if command.action == "empty":
            self.empty(session)
            return self._reply(session, "Your cart is now empty.", CartView())
        if command.action == "checkout":
            return self._checkout(session)
        if command.action == "add":
            return self._add(session, command)
        return self._change(session, command)

    def _checkout(self, session: Session) -> Reply:
        try:
            order = self.checkout(session)
        except PricesChanged as changed:
            return self._reply(session, "\n".join([str(changed), carts.describe(changed.cart)]), changed.cart, listed=True)
        except CheckoutError as err:
            return self._reply(session, f"I couldn't place the order: {err}. Your cart is kept; please try again in a "
                                        "moment, or ask for a person.")
        except ValueError:
            return self._reply(session, "Your cart is empty: add a product first (“add the second one to my cart”).")
        units = sum(i.quantity for i in order.items)
        text = (f"Order {order.order_id} is placed: {units} item{'s' if units != 1 else ''}, total {money(order.total)}. "
                "The shop has your order summary and will be in touch; no payment was taken here.")
        return self._reply(session, text, CartView())

    def _reply(self, session: Session, text: str, view: CartView | None = None, listed: bool = False) -> Reply:
        session.state.cart_shown = listed
        view = view if view is not None else self.show(session)
        return Reply(text, intent=Intent.CART, constraints=session.state.constraints, cart=view)

    def _add(self, session: Session, command: CartCommand) -> Reply | None:
        state = session.state
        picked = self._pick(command, list(state.shown), session)
        if isinstance(picked, str):
            return self._reply(session, picked) if command.says_cart or command.positions else None
        quantity = command.quantity or 1
        names = []
        for product_id in picked:
            view = self.add(session, product_id, quantity)
            item = next(i for i in view.items if i.product_id == product_id)
            each = f" at {money(item.unit_price)}" + (" each" if quantity > 1 else "") if item.unit_price is not None else ""
            names.append(f"{quantity} × {item.title}{each}")
        text = f"Added {' and '.join(names)} to your cart. {_summary(view)}"
        return self._reply(session, text, view)

    def _change(self, session: Session, command: CartCommand) -> Reply | None:
        in_cart = [line.product_id for line in session.cart]
        if not in_cart:
            return self._reply(session, "Your cart is empty.") if command.says_cart else None
        # Positions count in the cart once it was shown ("remove the second one"), else on the page.
        page = in_cart if session.state.cart_shown else [p for p in session.state.shown if p in in_cart] or in_cart
        picked = self._pick(command, page, session, in_cart)
        if isinstance(picked, str):
            return self._reply(session, picked) if command.says_cart or session.state.cart_shown else None
        done = []
        for product_id in picked:
            title = next(line.title for line in session.cart if line.product_id == product_id)
            if command.action == "remove" or command.quantity == 0:
                self.remove(session, product_id)
                done.append(f"Removed {title} from your cart.")
            else:
                quantity = command.quantity or 1
                try:
                    self.set_quantity(session, product_id, quantity)
                except ValueError as err:
                    return self._reply(session, f"I can't do that: {err}.")
                done.append(f"You now have {quantity} × {title} in your cart.")
        view = self.show(session)
        return self._reply(session, "\n".join([*done, carts.describe(view)]), view, listed=True)

    def _pick(self, command: CartCommand, page: list[str], session: Session,
              within: list[str] | None = None) -> list[str] | str:
        """The product ids the command points at on `page`, or a sentence saying why there are none."""
        state = session.state
        if not page:
            return "There is nothing on the page to add yet: ask me for a product first."
        if command.positions:
            out = []
            for pos in command.positions:
                if not -len(page) <= pos < len(page):
                    where = "in your cart" if within is not None and page == within else "on the page"
                    return f"There is no #{pos + 1}: I have {len(page)} product{'s' if len(page) != 1 else ''} {where}."
                out.append(page[pos])
            return list(dict.fromkeys(out))
        named = self._named(command.words, page, session)
        if named:
            return named
        if command.every:
            compared = [state.shown[i] for i in state.compared if i < len(state.shown) and state.shown[i] in page]
            return compared or page
        if command.pointing or command.quantity:
            discussed = state.discussed
            if discussed is not None and discussed < len(state.shown) and state.shown[discussed] in page:
                return [state.shown[discussed]]
            if len(page) == 1:
                return page
        return "Which one? Say, for example, “add the second one to my cart”."

    def _named(self, words: str, page: list[str], session: Session) -> list[str]:
        """Products on `page` the words name by brand or colour ("the Dell", "the black one"), or by
        price ("the cheapest one")."""
        products = [(pid, self.lookup(pid)) for pid in page]
        brands = sorted({norm_key(p.brand) for _, p in products if p and p.brand and _says(words, norm_key(p.brand))})
        colours = sorted({c for _, p in products if p for c in p.colours if _says(words, c)})
        if brands or colours:
            return [pid for pid, p in products if p and (not brands or norm_key(p.brand) in brands)
                    and (not colours or set(colours) & set(p.colours))]
        state = session.state
        if page == list(state.shown):  # "the cheaper one" of the two just compared, too
            return [page[i] for i in mentioned_positions(words, [], [], state, self.lookup)]
        priced = [(p.price, pid) for pid, p in products if p and p.price is not None]
        which = superlative(words)
        if priced and which:
            return [(min if which == "cheapest" else max)(priced)[1]]
        return []


def _says(words: str, name: str) -> bool:
    return bool(name) and f" {name} " in f" {' '.join(w.strip('.,!?') for w in words.split())} "


def _summary(view: CartView) -> str:
    units = view.count
    return f"Your cart: {units} item{'s' if units != 1 else ''}, total {money(view.total)}."
