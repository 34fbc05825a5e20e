"""The relation model: a small BERT built from the project's config (no
pretrained weights) with two heads -- pledge-or-not for the marked amount
(from [CLS] and the [AMT] marker) and BIO tags for DONOR / RECIPIENT spans.

Artefact layout (one directory per trained version):
    model.safetensors   weights (the only format ever loaded)
    config.json         {"bert": BertConfig dict, "tags", "max_len", "context", "threshold", ...}
    tokenizer.json      the HF `tokenizers` WordPiece tokenizer
    metrics.json, MODEL_CARD.md
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from ...errors import ConfigError, ModelError  # noqa: E402
from .encode import TAGS  # noqa: E402

WEIGHTS, CONFIG, TOKENIZER = "model.safetensors", "config.json", "tokenizer.json"


def bert_config(vocab_size: int, hidden: int = 128, layers: int = 3, heads: int = 4, intermediate: int = 512,
                max_len: int = 160, dropout: float = 0.1):
    from transformers import BertConfig

    return BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                      num_attention_heads=heads, intermediate_size=intermediate,
                      max_position_embeddings=max_len, hidden_dropout_prob=dropout,
                      attention_probs_dropout_prob=dropout, type_vocab_size=1, pad_token_id=0)


class RelationModel(nn.Module):
    """BERT + three heads: pledge-or-not ([CLS], [AMT] and the rules' decision
    features), BIO role tags per token, and a donor-candidate scorer (the mean of
    the candidate's tokens, [AMT] and the candidate's features; softmax over the
    amount's candidates).  n_pledge / n_candidate = 0 leave the features out;
    pledge_text / candidate_text = False leave the text out of those heads (the
    features alone), text_dim > 0 squeezes the text into that many dimensions
    first (few real examples: a narrow text input overfits less)."""

    def __init__(self, config, n_pledge: int = 0, n_candidate: int = 0, candidate_text: bool = True,
                 pledge_text: bool = True, text_dim: int = 0, members: int = 1):
        super().__init__()
        from transformers import BertModel

        config._attn_implementation = "eager"  # same numbers on every backend
        self.config = config
        self.n_pledge, self.n_candidate, self.candidate_text = n_pledge, n_candidate, candidate_text
        self.pledge_text = pledge_text or not n_pledge
        self.text_dim = text_dim
        self.bert = BertModel(config, add_pooling_layer=False)
        h = config.hidden_size
        self.drop = nn.Dropout(config.hidden_dropout_prob)
        self.squeeze = nn.Sequential(nn.Linear(2 * h, text_dim), nn.Tanh()) if text_dim else nn.Identity()
        t = text_dim or 2 * h
        self.members = max(1, int(members))
        pw, cw = (t if self.pledge_text else 0) + n_pledge, (t if candidate_text else 0) + n_candidate
        self.pledge = nn.Sequential(nn.Linear(pw, h), nn.Tanh(), nn.Linear(h, 2))
        self.tagger = nn.Linear(h, len(TAGS))
        self.candidate = nn.Sequential(nn.Linear(cw, h), nn.Tanh(), nn.Linear(h, 1)) if n_candidate else None
        # more members of the pledge / candidate heads, each from its own initial weights, averaged at
        # inference (an ensemble: the ~850 labelled amounts make one head's verdict depend on its seed)
        self.more_pledge = nn.ModuleList(nn.Sequential(nn.Linear(pw, h), nn.Tanh(), nn.Linear(h, 2))
                                         for _ in range(self.members - 1))
        self.more_candidate = nn.ModuleList(nn.Sequential(nn.Linear(cw, h), nn.Tanh(), nn.Linear(h, 1))
                                            for _ in range(self.members - 1 if n_candidate else 0))
        # model.pledge_head = "linear": a logistic head fitted after the others (linear_head.PledgeLinear)
        # gives the pledge verdict at inference; None: the pledge head above does
        self.linear: nn.Module | None = None
        self.cand_linear: nn.Module | None = None  # model.candidate_head = "linear" (linear_head.CandidateLinear)

    @property
    def reads_text(self) -> bool:
        """Whether the pledge or candidate head reads the encoder's output."""
        return self.pledge_text or (self.candidate is not None and self.candidate_text)

    def member_outputs(self, x_pledge: torch.Tensor, x_cand: torch.Tensor | None, cand_mask: torch.Tensor | None):
        """[(pledge logits, candidate scores or None)] per member, from the heads' inputs."""
        out = []
        for k, head in enumerate([self.pledge, *self.more_pledge]):
            scores = None
            if self.candidate is not None and x_cand is not None:
                cand = self.candidate if k == 0 else self.more_candidate[k - 1]
                scores = cand(self.drop(x_cand)).squeeze(-1).masked_fill(~cand_mask, -1e4)
            out.append((head(self.drop(x_pledge)), scores))
        return out

    @staticmethod
    def combine(outs: list) -> tuple[torch.Tensor, torch.Tensor | None]:
        """One member: its logits.  Several: the log of their mean probabilities (a
        softmax of it gives the mean), for the pledge and the candidate heads alike."""
        if len(outs) == 1:
            return outs[0]

        def mean(xs: list[torch.Tensor]) -> torch.Tensor:
            return torch.stack([torch.softmax(x, -1) for x in xs]).mean(0).clamp_min(1e-12).log()

        scores = [o[1] for o in outs]
        return mean([o[0] for o in outs]), (mean(scores) if scores[0] is not None else None)

    def heads(self, feats: torch.Tensor, cand_feats: torch.Tensor, cand_mask: torch.Tensor, combine: bool = True):
        """(pledge logits, candidate scores) of a model whose heads read features only
        (reads_text False): the same numbers as forward() gives, without the encoder pass.
        combine=False: the members' outputs (training)."""
        outs = self.member_outputs(feats, cand_feats, cand_mask)
        return self.combine(outs) if combine else outs

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, amt_index: torch.Tensor,
                feats: torch.Tensor | None = None, cand_spans: torch.Tensor | None = None,
                cand_feats: torch.Tensor | None = None, cand_mask: torch.Tensor | None = None, combine: bool = True):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        rows = torch.arange(hidden.size(0), device=hidden.device)
        amt = hidden[rows, amt_index]
        parts = ([self.squeeze(torch.cat([hidden[:, 0], amt], dim=-1))] if self.pledge_text else []) + \
            ([feats] if self.n_pledge else [])
        x_pledge = torch.cat(parts, dim=-1)
        tags = self.tagger(self.drop(hidden))
        x_cand = None
        if self.candidate is not None and cand_spans is not None and cand_spans.size(1) > 0:
            pos = torch.arange(hidden.size(1), device=hidden.device)
            member = ((pos >= cand_spans[..., :1]) & (pos < cand_spans[..., 1:])).float()  # (B, C, L)
            pooled = member @ hidden / member.sum(-1, keepdim=True).clamp(min=1.0)  # (B, C, h)
            x_cand = torch.cat([self.squeeze(torch.cat([pooled, amt.unsqueeze(1).expand_as(pooled)], dim=-1)),
                                cand_feats], dim=-1) if self.candidate_text else cand_feats
        outs = self.member_outputs(x_pledge, x_cand, cand_mask)
        if not combine:
            return outs, tags
        logits, scores = self.combine(outs)
        return logits, tags, scores


def resolve_device(device: str = "auto") -> torch.device:
    """auto -> cuda when available, else cpu; cuda without CUDA is an error."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            raise ConfigError(f"device {device!r} requested but CUDA is not available on this machine "
                              f"(use --device cpu or auto)", key="device")
        return torch.device(device)
    if device == "cpu":
        return torch.device("cpu")
    raise ConfigError(f"device must be auto, cpu or cuda, not {device!r}", key="device")


def sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save(model: RelationModel, tokenizer, meta: dict[str, Any], out_dir: str | Path) -> Path:
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(out / WEIGHTS), metadata={"format": "pt"})
    os.chmod(out / WEIGHTS, 0o644)  # safetensors writes 0600
    tokenizer.save(str(out / TOKENIZER))
    cfg = dict(meta, bert=model.config.to_dict(), tags=TAGS, n_pledge=model.n_pledge, n_candidate=model.n_candidate,
               candidate_text=model.candidate_text, pledge_text=model.pledge_text, text_dim=model.text_dim,
               members=model.members)
    if model.linear is not None:
        cfg["pledge_linear"] = model.linear.meta()
    if model.cand_linear is not None:
        cfg["candidate_linear"] = model.cand_linear.meta()
    (out / CONFIG).write_text(json.dumps(cfg, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return out


def resolve_dir(path: str | Path) -> Path:
    """A version directory, or a root holding a LATEST pointer to one."""
    from ...paths import resolve

    p = resolve(path)
    if (p / "LATEST").is_file() and not (p / WEIGHTS).exists():
        name = (p / "LATEST").read_text(encoding="utf-8").strip()
        if not name:
            raise ModelError(str(p / "LATEST"), "empty pointer file")
        p = p / name
    return p


def bert_config_from(saved: dict[str, Any]):
    """A BertConfig from the dict an artefact's config.json holds (`BertConfig.to_dict()`)."""
    from transformers import BertConfig

    return BertConfig(**{k: v for k, v in saved.items()
                         if k not in ("architectures", "transformers_version", "model_type")})


def read_artefact(path: str | Path, missing: str, hint: str) -> tuple[Path, dict[str, Any], Any, Any, dict]:
    """(directory, config.json, BertConfig, tokenizer, weights) of a model
    directory (or a root with LATEST); ModelError naming the file that is missing
    (`missing` says what) or unreadable."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    d = resolve_dir(path)
    for name in (CONFIG, TOKENIZER, WEIGHTS):
        if not (d / name).is_file():
            raise ModelError(str(d / name), f"missing ({missing})", hint)
    try:
        meta = json.loads((d / CONFIG).read_text(encoding="utf-8"))
        config = bert_config_from(meta["bert"])
    except (ValueError, KeyError, TypeError) as e:
        raise ModelError(str(d / CONFIG), f"unreadable config: {e}", hint) from None
    try:
        tokenizer = Tokenizer.from_file(str(d / TOKENIZER))
    except Exception as e:  # noqa: BLE001 - tokenizers raises a bare Exception
        raise ModelError(str(d / TOKENIZER), f"unreadable tokenizer: {e}", hint) from None
    try:
        state = load_file(str(d / WEIGHTS))
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelError(str(d / WEIGHTS), f"corrupt or unreadable weights: {e}", hint) from None
    return d, meta, config, tokenizer, state


def load(path: str | Path, device: str | torch.device = "cpu") -> tuple[RelationModel, Any, dict[str, Any]]:
    """(model in eval mode, tokenizer, config dict).  Raises ModelError naming the
    file when anything is missing or unreadable."""
    d, meta, config, tokenizer, state = read_artefact(path, "no trained relation model here", "run `make train`")
    model = RelationModel(config, int(meta.get("n_pledge", 0)), int(meta.get("n_candidate", 0)),
                          bool(meta.get("candidate_text", True)), bool(meta.get("pledge_text", True)),
                          int(meta.get("text_dim", 0)), int(meta.get("members", 1)))
    from .linear_head import CandidateLinear, PledgeLinear

    for key, cls, n, attr in (("pledge_linear", PledgeLinear, "n_pledge", "linear"),
                              ("candidate_linear", CandidateLinear, "n_candidate", "cand_linear")):
        if meta.get(key):
            try:
                setattr(model, attr, cls(int(meta.get(n, 0)), meta[key]["vocab"], meta[key]["c"]))
                if "mlp_weight" in meta[key]:
                    getattr(model, attr).mlp_weight = float(meta[key]["mlp_weight"])
            except (KeyError, TypeError, ValueError) as e:
                raise ModelError(str(d / CONFIG), f"unreadable {key} section: {e}", "run `make train`") from None
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0]
        raise ModelError(str(d / WEIGHTS), f"weights do not fit the config: {first}") from None
    dev = device if isinstance(device, torch.device) else resolve_device(device)
    model.to(dev).eval()
    meta["path"] = str(d)
    return model, tokenizer, meta


# ---------------------------------------------------------------- encoder ---
ENCODER_PREFIX = "bert."
TIED_DECODER = "cls.predictions.decoder.weight"


def save_encoder(mlm, tokenizer, meta: dict[str, Any], out_dir: str | Path) -> Path:
    """A pre-trained BertForMaskedLM (pretrain.py), less the MLM decoder matrix: it is
    the word embeddings again (tied), which safetensors will not store twice."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu().clone().contiguous() for k, v in mlm.state_dict().items() if k != TIED_DECODER}
    save_file(state, str(out / WEIGHTS), metadata={"format": "pt"})
    os.chmod(out / WEIGHTS, 0o644)
    tokenizer.save(str(out / TOKENIZER))
    cfg = dict(meta, bert=mlm.config.to_dict(), kind="encoder")
    (out / CONFIG).write_text(json.dumps(cfg, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return out


def load_encoder(path: str | Path) -> tuple[Any, Any, dict[str, torch.Tensor]]:
    """(BertConfig, tokenizer, the "bert." weights with the prefix removed) of a
    pre-trained encoder; ModelError naming the file when anything is missing or unreadable."""
    d, _, config, tokenizer, state = read_artefact(path, "no pre-trained encoder here", "run `make pretrain`")
    bert = {k[len(ENCODER_PREFIX):]: v for k, v in state.items() if k.startswith(ENCODER_PREFIX)}
    if not bert:
        raise ModelError(str(d / WEIGHTS), "holds no encoder ('bert.') weights")
    return config, tokenizer, bert


def init_from_encoder(model: RelationModel, bert_state: dict[str, torch.Tensor], where: str) -> None:
    """Copy pre-trained encoder weights into the relation model's BERT (every weight must fit)."""
    try:
        model.bert.load_state_dict(bert_state, strict=True)
    except RuntimeError as e:
        first = str(e).strip().splitlines()[0]
        raise ModelError(where, f"encoder weights do not fit the relation model: {first}") from None
