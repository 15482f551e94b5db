"""Smart quotes only for text blocks that hold something to change.

Sphinx's ``SphinxSmartQuotes`` (docutils' ``SmartQuotes``) turns ``"…"`` into
„…“, ``--`` into a dash and ``...`` into an ellipsis. For that it tokenises
every text block of every page, runs its regular expressions over each
token and replaces every text node with a new one, although most blocks of
German prose hold none of the characters it acts on: a straight quote or
apostrophe, a backtick, ``--``, ``...`` / ``. . .``, a backslash escape or an
``&`` entity. Switching smart quotes off made a full build of the 20-issue
bench corpus 0.933 of the CPU time (3 pairs on one core, ``-D smartquotes=0``).

``QuickSmartQuotes`` runs docutils' loop (docutils 0.22.4, pinned) and skips
the blocks without such a character; every other block gets exactly the
treatment it got before. The "stupefy" action (``smartquotes_action = "-1"``)
also rewrites typographic characters, so it keeps the full loop. Switch:
``transmit_quick_smartquotes``; a test compares every page with and without.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes, utils
from docutils.utils import smartquotes
from sphinx.transforms import SphinxSmartQuotes

from .patching import Patch, verified

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: what any smart-quotes action may change (quotes, backticks, dashes,
#: ellipses, escapes and the entities ``processEscapes`` restores)
ACTIVE = re.compile(r"[\"'`\\&]|--|\.\.\.|\. \. \.")
#: the action that also turns typographic characters back into ASCII
STUPEFY = "-1"


PATCH = Patch(
    switch="transmit_quick_smartquotes",
    replaces=("sphinx.transforms.SphinxSmartQuotes (docutils SmartQuotes.apply)",),
    verified={"Sphinx": "9.0.4", "docutils": "0.22.4"},
    gain="der alte Weg braucht 1,042 bis 1,070 der CPU-Zeit eines Vollbuilds (20 Ausgaben)",
)


class QuickSmartQuotes(SphinxSmartQuotes):
    """Sphinx's smart quotes, skipping text blocks with nothing to change."""

    def apply(self, **kwargs: Any) -> None:
        action = self.config.smartquotes_action
        if action == STUPEFY or not self.config.transmit_quick_smartquotes:
            super().apply(**kwargs)
            return
        if not self.is_available():
            return
        self.smartquotes_action = action
        self._educate_blocks()

    def _educate_blocks(self) -> None:
        """docutils' ``SmartQuotes.apply`` with the check for active characters."""
        settings = self.document.settings
        smart_quotes = settings.setdefault("smart_quotes", False)
        if not smart_quotes:
            return
        alternative = isinstance(smart_quotes, str) and smart_quotes.startswith("alt")
        document_language = settings.language_code
        if settings.smartquotes_locales:
            smartquotes.smartchars.quotes.update(dict(settings.smartquotes_locales))
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, self.nodes_to_skip) or isinstance(node.parent, nodes.TextElement):
                continue
            txtnodes = [
                txtnode
                for txtnode in node.findall(nodes.Text)
                if not isinstance(txtnode.parent, nodes.option_string)
            ]
            if not any(ACTIVE.search(txtnode) for txtnode in txtnodes):
                continue  # the only change: nothing here a smart-quotes action acts on
            lang = self._language(node, document_language, alternative)
            teacher = smartquotes.educate_tokens(
                self.get_tokens(txtnodes), attr=self.smartquotes_action, language=lang
            )
            for txtnode, newtext in zip(txtnodes, teacher, strict=False):
                txtnode.parent.replace(txtnode, nodes.Text(newtext))
        self.unsupported_languages.clear()

    def _language(self, node: nodes.Element, document_language: str, alternative: bool) -> str:
        """The quotes' language of ``node``, as docutils chooses it (warns once if unknown)."""
        lang = node.get_language_code(document_language)
        if alternative:
            lang = lang.replace("-x-altquot", "") if "-x-altquot" in lang else lang + "-x-altquot"
        for tag in utils.normalize_language_tag(lang):
            if tag in smartquotes.smartchars.quotes:
                return str(tag)
        if lang not in self.unsupported_languages:
            self.document.reporter.warning(
                f'No smart quotes defined for language "{lang}".', base_node=node
            )
        self.unsupported_languages.add(lang)
        return ""


def setup_smart_quotes(app: Sphinx) -> None:
    """Put :class:`QuickSmartQuotes` in the place of Sphinx's smart quotes."""
    if not verified(app, PATCH):
        return
    transforms = app.registry.transforms
    if SphinxSmartQuotes in transforms:
        transforms[transforms.index(SphinxSmartQuotes)] = QuickSmartQuotes
