"""`fieldkit --lang zh_CN … --help` reads in Chinese: every description and option help of
every command (option names, metavars and file formats aside)."""

import argparse
import re

import pytest

# words that stay as they are in a Chinese help text: names of formats, tools and fields
ALLOWED = {"fieldkit", "form_id", "xlsx", "xls", "ods", "csv", "sav", "sqlite", "json", "docx",
           "pdf", "txt", "qdpx", "excel", "word", "spss", "xlsform", "utf", "gb18030", "odk",
           "kobotoolbox", "wenjuanxing", "fieldkit_workspace", "batches", "true", "false",
           "refi", "yyyy", "html", "png", "zip"}


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, path + (name,))


def _english_words(parser):
    words = []
    texts = [parser.description or ""]
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            texts.append(action.help % {"default": action.default, "prog": parser.prog}
                         if "%(" in action.help else action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts.extend(choice.help or "" for choice in action._choices_actions)
    values = {str(c) for a in parser._actions if a.choices for c in a.choices}
    for text in texts:
        # values typed on the command line (a,b,c lists), options, metavars, file names
        text = re.sub(r"[a-z_]+(?:, ?[a-z_]+)+|\b[a-z_]+ (?=[\u4e00-\u9fff])|--?[\w-]+|`[^`]*`|\{[^}]*\}"
                      r"|\b[A-Z][A-Z0-9_.]+\b|\S+\.\w+", " ", text)
        words += [w for w in re.findall(r"[A-Za-z_]{3,}", text)
                  if w.lower() not in ALLOWED and w not in values]
    return words


def test_every_command_help_is_chinese():
    from fieldkit import cli
    from fieldkit.core import i18n

    i18n.set_language("zh_CN")
    try:
        parser = cli.build_parser()
        found = {" ".join(path) or "fieldkit": words for path, sub in _parsers(parser)
                 if (words := _english_words(sub))}
    finally:
        i18n.set_language("en")
    assert not found, f"English left in the Chinese help: {found}"


@pytest.mark.parametrize("language", ["en"])
def test_the_check_can_fail(language):
    from fieldkit import cli
    from fieldkit.core import i18n

    i18n.set_language(language)
    parser = cli.build_parser()
    assert _english_words(parser), "in English the help has English words: the check sees them"
