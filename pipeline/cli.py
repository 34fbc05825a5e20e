"""`pledges` command line (also `python -m pipeline`)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import config as config_mod
from .errors import InputError, PipelineError

DEFAULT_CONFIG = "configs/default.toml"

DESCRIPTION = """\
Extract pledges ("who pledged what to whom") from English and Arabic news.

  pledges extract seeds/docs -o out/pledges.jsonl     run the pipeline on a file or folder
  pledges stages                                      show the stage DAG a config builds
  pledges eval GOLD.jsonl PRED.jsonl                  score predictions against gold
  pledges eval-ner GOLD.conll                         score the Arabic NER on a CoNLL file (P/R/F1 per type)
  pledges money "pledged $5m (£2.7m)"                 show the amounts found in a text
  pledges validate out/pledges.jsonl                  check records against the JSON Schema
  pledges report out/pledges.jsonl -o report.html     the records as one HTML page (summary, table, articles)
  pledges pretrain                                    pre-train the relation model's encoder (--help)
  pledges train --config configs/train.toml           train the transformer relation model (--help)
  pledges cv --config configs/train.toml              cross-validate rules and model on real articles (--help)
"""


def _add_config_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", default=DEFAULT_CONFIG, help=f"TOML pipeline config (default {DEFAULT_CONFIG})")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                   help="override a config value, e.g. --set relation.threshold=0.6 (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pledges", description=DESCRIPTION,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract pledge records from a file or folder",
                        description="Read .txt, .html/.htm and .jsonl(.gz) inputs (a file or a folder, "
                                    "recursively) and write one JSON record per pledge to OUT, plus a "
                                    "per-document report <OUT minus .jsonl>.docs.jsonl.")
    ex.add_argument("input", help="input file or folder")
    ex.add_argument("-o", "--out", default="out/pledges.jsonl", help="output JSONL (default out/pledges.jsonl)")
    _add_config_args(ex)
    ex.add_argument("--id-field", help="JSONL field holding the document id (default: config [input] or 'id')")
    ex.add_argument("--text-field", help="JSONL field holding the text (default: config [input] or 'text')")
    ex.add_argument("--batch-size", type=int, default=None, help="documents per batch (default: config or 32)")
    ex.add_argument("--progress", action="store_true", help="show a progress bar even when stderr is not a terminal")
    ex.add_argument("--workers", type=int, default=1, metavar="N",
                    help="worker processes (or Ray actors with --engine ray); 1 = in this process (default); "
                         "the output is the same for any N")
    ex.add_argument("--engine", choices=["local", "ray"], default="local",
                    help="local: this machine (default); ray: Ray Data actors (local Ray, or a cluster "
                         "with --ray-address / RAY_ADDRESS)")
    ex.add_argument("--ray-address", default=None, metavar="ADDR",
                    help="address of an existing Ray cluster (default: $RAY_ADDRESS, else start Ray locally)")
    ex.add_argument("--resume", action="store_true",
                    help="finish an interrupted run with the same arguments from its work directory "
                         "<OUT>.partial/ (without --resume a stale one is replaced)")
    ex.add_argument("--profile", action="store_true", help="print seconds per stage to stderr at the end")

    st = sub.add_parser("stages", help="print the resolved stage order of a config")
    _add_config_args(st)

    ev = sub.add_parser("eval", help="score PRED against GOLD (same numbers as shared/eval/score.py)")
    ev.add_argument("gold")
    ev.add_argument("pred")
    ev.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ev.add_argument("--quiet", action="store_true", help="print the summary only, not every miss")

    en = sub.add_parser("eval-ner", help="score the Arabic NER ([ner] ar_backend) on a CoNLL file",
                        description="Tag the words of GOLD (one 'token TAG' per line, blank line between "
                                    "sentences, BIO tags over PERS/LOC/ORG/MISC) with the Arabic NER that "
                                    "the config's [ner] ar_backend names, and print CoNLL entity-level "
                                    "precision, recall and F1 (exact start, end and type) per type and "
                                    "micro-averaged.  The sentences are tagged in order as one document (the joint "
                                    "tagger's consistency window, [ner] ar_joint_window, reads across them).  "
                                    "With --pred, score that file's tags instead.")
    en.add_argument("gold", help="gold CoNLL file, e.g. ../shared/ner-ar/anercorp.test.conll")
    en.add_argument("--pred", metavar="PRED.conll", help="score this CoNLL file's tags instead of running a "
                                                         "tagger (same sentences and token counts as GOLD)")
    _add_config_args(en)
    en.add_argument("--json", action="store_true", help="print the scores as one JSON object")

    mo = sub.add_parser("money", help="print the amounts found in TEXT (or in each line of stdin)")
    mo.add_argument("text", nargs="?", help="text to analyse; without it, stdin is read line by line")
    mo.add_argument("--lang", default="auto", choices=["auto", "en", "ar"])

    sub.add_parser("train", add_help=False,
                   help="train the relation model: pledges train --config configs/train.toml "
                        "[--device auto|cpu|cuda] [--seed N] [--out DIR] (see `pledges train --help`)")

    _add_report_parser(sub)

    sub.add_parser("pretrain", add_help=False, help="pre-train the encoder (masked LM on ../shared/corpus/unlabelled; "
                                                    "see `pledges pretrain --help`)")
    sub.add_parser("cv", add_help=False, help="k-fold cross-validation of rules and model on the real annotated "
                                              "articles (see `pledges cv --help`)")
    va = sub.add_parser("validate", help="validate a records JSONL file against the JSON Schema")
    va.add_argument("file")
    return ap


def _add_report_parser(sub) -> None:
    from .report.articles import Limits

    d = Limits()
    rp = sub.add_parser("report", help="write the records as one self-contained HTML page",
                        description="Write one HTML file (no network, opens from disk): a summary by giver "
                                    "with a bar chart, a sortable and filterable table of the records, and each "
                                    "article with every record's amount, giver, recipient and evidence marked. "
                                    "Article text is read from each record's `source` the way `extract` reads "
                                    "it (run from the folder `extract` ran in), or from --docs.")
    rp.add_argument("records", help="records JSONL written by `pledges extract`")
    rp.add_argument("-o", "--out", help="output HTML (default: RECORDS with .html for .jsonl)")
    rp.add_argument("--docs", metavar="IN", help="read the articles from IN (a file or folder, as given to "
                                                 "extract) and match them by doc_id, instead of each record's source")
    _add_config_args(rp)
    rp.add_argument("--id-field", help="JSONL inputs: the document id field (default: config [input] or 'id')")
    rp.add_argument("--text-field", help="JSONL inputs: the text field (default: config [input] or 'text')")
    rp.add_argument("--title", help="page title (default: 'Pledges — RECORDS')")
    rp.add_argument("--max-articles", type=int, default=d.max_articles, metavar="N",
                    help=f"articles shown whole (default {d.max_articles}); the others are collapsed and show "
                         "only the passages that hold their records")
    rp.add_argument("--max-mb", type=float, default=d.max_mb, metavar="MB",
                    help=f"size of the page (default {d.max_mb:g} MB): whole articles fill at most 40%% of what "
                         "the summary and the table leave; past it all, a record shows only its amount with a few "
                         f"words either side. An article longer than {d.max_article_chars:,} characters always "
                         "shows its passages only")


def cmd_report(args) -> int:
    from .exec.batch import settings_from
    from .report import Limits, build_report, default_out

    cfg = config_mod.load(args.config, args.overrides)
    settings = settings_from(cfg)
    if args.id_field:
        settings.id_field = args.id_field
    if args.text_field:
        settings.text_field = args.text_field
    if args.max_articles < 0 or args.max_mb < 0:
        raise config_mod.ConfigError("--max-articles and --max-mb must be 0 or more")
    out = args.out or default_out(args.records)
    limits = Limits(max_articles=args.max_articles, max_mb=args.max_mb)
    counts = build_report(args.records, out, docs=args.docs, settings=settings, limits=limits, title=args.title)
    note = f", {counts['unmarked']} not highlighted" if counts["unmarked"] else ""
    size = f"{counts['bytes'] / 1e6:.1f} MB" if counts["bytes"] >= 100_000 else f"{counts['bytes'] / 1e3:.0f} kB"
    print(f"{counts['records']} records in {counts['articles']} articles{note} -> {out} ({size})", file=sys.stderr)
    return 0


def cmd_extract(args) -> int:
    from .extract import RunOptions, extract

    cfg = config_mod.load(args.config, args.overrides)
    input_cfg = cfg.get("input", {})
    if args.id_field:
        input_cfg["id_field"] = args.id_field
    if args.text_field:
        input_cfg["text_field"] = args.text_field
    cfg["input"] = input_cfg
    if args.batch_size:
        cfg.setdefault("run", {})["batch_size"] = args.batch_size
    if args.workers < 1:
        raise config_mod.ConfigError(f"--workers must be at least 1, not {args.workers}")
    opts = RunOptions(workers=args.workers, engine=args.engine, resume=args.resume,
                      progress=args.progress or sys.stderr.isatty(), profile=args.profile,
                      ray_address=args.ray_address)
    counts = extract(args.input, args.out, cfg, options=opts)
    print(f"{counts['docs']} documents: {counts['ok']} ok, {counts['skipped']} skipped, "
          f"{counts['error']} errors; {counts['pledges']} pledges -> {args.out}", file=sys.stderr)
    if counts["docs"] and not counts.get("readable", counts["ok"] + counts["skipped"]):
        print("pledges: no input document could be read", file=sys.stderr)
        return 1
    return 0


def cmd_stages(args) -> int:
    from .dag import build

    cfg = config_mod.load(args.config, args.overrides)
    print(build(cfg).describe())
    return 0


def cmd_eval(args) -> int:
    from .eval import as_json, evaluate, report

    for p in (args.gold, args.pred):
        if not Path(p).is_file():
            raise InputError(p, "no such file")
    result = evaluate(args.gold, args.pred)
    print(json.dumps(as_json(result), ensure_ascii=False) if args.json else report(result, args.quiet))
    return 0


def cmd_eval_ner(args) -> int:
    from .ner.conll import read_conll, rounded, score, table

    gold = read_conll(args.gold)
    if not gold:
        raise InputError(args.gold, "no sentences")
    gold_tags = [[tag for _, tag in s] for s in gold]
    if args.pred:
        pred = read_conll(args.pred)
        if len(pred) != len(gold):
            raise InputError(args.pred, f"{len(pred)} sentences, but {args.gold} has {len(gold)}")
        for n, (g, p) in enumerate(zip(gold, pred), 1):
            if len(g) != len(p):
                raise InputError(args.pred, f"sentence {n} has {len(p)} tokens, but {len(g)} in {args.gold}")
        pred_tags = [[tag for _, tag in s] for s in pred]
        source = args.pred
    else:
        from .ner.word_tagger import tag_sentences, tagger_name, word_tagger_from_config

        tagger = word_tagger_from_config(args.config, args.overrides)
        if sys.stderr.isatty():
            print(f"eval-ner: tagging {len(gold)} sentences", file=sys.stderr, flush=True)
        # all at once and in order: the file is read as one document (the joint tagger's
        # consistency window reaches across neighbouring sentences)
        pred_tags = tag_sentences(tagger, [[w for w, _ in s] for s in gold])
        for n, (s, tags) in enumerate(zip(gold, pred_tags), 1):
            if len(tags) != len(s):
                raise PipelineError(f"the tagger gave {len(tags)} tags for the {len(s)} words of sentence {n}")
        source = f"{tagger_name(tagger)} ({args.config})"
    result = rounded(score(gold_tags, pred_tags))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        tokens = sum(len(s) for s in gold)
        print(f"{args.gold}: {len(gold)} sentences, {tokens} tokens; predictions: {source}")
        print(table(result))
    return 0


def cmd_money(args) -> int:
    from .money import money_command

    return money_command(args.text, args.lang, sys.stdin, sys.stdout)


def cmd_validate(args) -> int:
    import jsonschema

    from .record import validate

    bad = 0
    with open(args.file, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                validate(json.loads(line))
            except (json.JSONDecodeError, jsonschema.ValidationError) as e:
                bad += 1
                print(f"{args.file}:{n}: {getattr(e, 'message', e)}", file=sys.stderr)
    print(f"{args.file}: {'ok' if not bad else f'{bad} invalid lines'}")
    return 1 if bad else 0


COMMANDS = {"extract": cmd_extract, "stages": cmd_stages, "eval": cmd_eval, "eval-ner": cmd_eval_ner,
            "money": cmd_money, "validate": cmd_validate, "report": cmd_report}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["train"], ["pretrain"], ["cv"]):  # these own their options
        import importlib

        module = {"train": "trainer", "pretrain": "pretrain", "cv": "cv"}[argv[0]]
        return importlib.import_module(f".relation.model.{module}", __package__).main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except InputError as e:
        print(f"pledges: {e}", file=sys.stderr)
        return 2
    except PipelineError as e:
        print(f"pledges: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
