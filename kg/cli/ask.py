"""`kg ask` (canned questions, embedded store or Neo4j) and `kg cypher` (any read query)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from kg import api
from kg.cli import render
from kg.cli._common import StoreOption, UriOption, UserOption, credentials, err, out, reports_errors
from kg.errors import QuestionError

ASK_HELP = "\n\n".join(
    [
        "Answer a canned question on the embedded store (default) or on Neo4j (--neo4j).",
        "ARGS fill the question's parameters in order: `kg ask methods-compressing BERT`, "
        "`kg ask path BERT GLUE`, `kg ask top-entities Model --limit 5`. Entity names match "
        "ignoring case and punctuation, by alias, and take in the whole family (BERT also "
        "finds BERT-base, BERT-large and BioBERT; --exact turns that off). `kg ask --list` "
        "lists the questions.",
        'Or ask in plain English: `kg ask "which methods compress BERT?"` prints the route '
        "(→ methods-compressing model=BERT), then the answer; --dry-run prints only the route. "
        "A question the canned ones cannot answer is refused (exit 2) with the closest ones.",
    ]
)
CYPHER_HELP = "\n\n".join(
    [
        "Run one Cypher query on Neo4j, read-only unless --allow-write.",
        "Values go in as parameters: `kg cypher 'MATCH (e:Entity {key: $k}) RETURN e.name' "
        "--param k=bert`. A PARAM value is read as JSON when it parses (numbers, lists, "
        "quoted strings), else taken as text. Connection from --uri/--user or NEO4J_URI, "
        "NEO4J_USER, NEO4J_PASSWORD.",
    ]
)


def register(app: typer.Typer) -> None:
    app.command("ask", help=ASK_HELP)(ask_command)
    app.command("cypher", help=CYPHER_HELP)(cypher_command)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@reports_errors
def ask_command(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="The question (see --list), or a question in plain English.",
            show_default=False,
        ),
    ] = None,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ARGS...",
            help="The question's arguments, in the order `kg ask --list` shows.",
            show_default=False,
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the questions and exit.")] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Plain English: print only the route (question and parameters)."
        ),
    ] = False,
    as_json: JsonOption = False,
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="Ask Neo4j instead of the embedded store.")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", min=0, help="At most N rows (top-entities: the N first).", show_default=False
        ),
    ] = None,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Match entity names exactly: no family members (BERT without "
            "BioBERT or BERT-base; ImageNet without ImageNet-1k).",
        ),
    ] = False,
    store: StoreOption = None,
    uri: UriOption = None,
    user: UserOption = None,
) -> None:
    if list_ or name is None:
        if name is None and not list_:
            raise QuestionError("name a question", hint="`kg ask --list` lists them")
        _print_catalog(api.list_questions(), as_json)
        return
    options = ({"limit": limit} if limit is not None else {}) | ({"exact": True} if exact else {})
    if name in {q.name for q in api.list_questions()}:
        params = api.positional(api.get_question(name), list(args or [])) | options
    else:  # plain English: route, print the route, then answer
        name, params = _route(" ".join([name, *(args or [])]), neo4j, store, as_json, dry_run)
        if dry_run:
            return
        params |= options
    if neo4j:
        answer = api.ask_neo4j(name, uri=uri, auth=credentials(user), **params)
    else:
        with api.KnowledgeGraph.open(store) as graph:
            answer = graph.ask(name, **params)
    if as_json:
        typer.echo(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False, default=str))
    else:
        _print_answer(answer)


def _route(
    text: str, neo4j: bool, store: StoreOption, as_json: bool, dry_run: bool
) -> tuple[str, dict[str, Any]]:
    if neo4j:
        route = api.route(text)
    else:
        with api.KnowledgeGraph.open(store) as graph:
            route = graph.route(text)
    if dry_run and as_json:
        typer.echo(json.dumps(route.to_json(), indent=2, ensure_ascii=False))
    elif dry_run:
        typer.echo(str(route))
    else:
        (err if as_json else out).print(Text(str(route), style="bold"), highlight=False)
    return route.question, dict(route.params)


@reports_errors
def cypher_command(
    query: Annotated[str, typer.Argument(help="The Cypher query.", show_default=False)],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="A parameter as NAME=VALUE (repeatable).", show_default=False
        ),
    ] = None,
    allow_write: Annotated[
        bool,
        typer.Option("--allow-write", help="Run in write mode: the query may change the database."),
    ] = False,
    as_json: JsonOption = False,
    uri: UriOption = None,
    user: UserOption = None,
) -> None:
    params = dict(_parse_param(p) for p in param or [])
    result = api.cypher(query, params, allow_write=allow_write, uri=uri, auth=credentials(user))
    columns, rows = result.columns, result.rows
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(Text(_plain(row[c])) for c in columns))
    out.print(table)
    err.print(f"{len(rows)} row(s)", highlight=False)


def _parse_param(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise QuestionError(
            f"bad --param {text!r}",
            where="kg cypher",
            hint="write NAME=VALUE, e.g. --param key=bert",
        )
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


# -- rendering ---------------------------------------------------------------------------
def _print_catalog(questions: list[api.Question], as_json: bool) -> None:
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "usage": q.usage,
                        "question": q.question,
                        "params": [
                            {"name": p.name, "kind": p.kind, "default": p.default} for p in q.params
                        ],
                        "columns": list(q.columns),
                    }
                    for q in questions
                ],
                indent=2,
            )
        )
        return
    table = Table("usage", "question", title="kg ask NAME ARGS...")
    for q in questions:
        table.add_row(Text(f"kg ask {q.usage}", style="bold"), Text(q.question))
    out.print(table)


def _print_answer(answer: api.Answer) -> None:
    for param, refs in answer.resolved.items():
        names = ", ".join(r.name for r in refs)
        err.print(Text(f"{param.upper()} {answer.params[param]!r} -> {names}", style="dim"))
    if answer.question == "entity":
        render.print_entities(out, answer.resolved["entity"])
    if not answer.rows:
        out.print(Text(f"{answer.question}: no answers in this graph", style="yellow"))
        return
    render.print_answer_rows(out, answer.question, answer.columns, answer.rows)
    err.print(f"{len(answer.rows)} row(s)", highlight=False)
