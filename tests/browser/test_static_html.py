"""The page's plain html as few components (components/static.py, assets/static_html.js) draws the same elements,
attributes and text in the browser as the Dash components it replaces: the same trees as Dash components, frozen
(StaticHtml) and shelled (Shell, with Dash components inside), side by side in one page."""
from __future__ import annotations

import json
import shutil

import dash
import pytest
from dash import Input, Output, dcc, html

from components.insight import decision_costs_view
from components.model_card import data_facts, metrics_facts, training_facts
from components.sensitivity import legend, sens_head
from components.static import Shell, StaticHtml, freeze, shell
from dashboard import ASSETS_DIR

# each element as [tag, sorted attributes (the style as the browser reads it back), children]; adjacent text joined
SERIALIZE_JS = """
root => {
  const ser = el => {
    const out = [];
    let text = '';
    el.childNodes.forEach(n => {
      if (n.nodeType === 3) { text += n.textContent; return; }
      if (n.nodeType !== 1) { return; }
      if (text) { out.push(text); text = ''; }
      const attrs = Array.from(n.attributes).map(a => [a.name, a.name === 'style' ? n.style.cssText : a.value])
        .sort((a, b) => a[0] < b[0] ? -1 : 1);
      out.push([n.tagName, attrs, ser(n)]);
    });
    if (text) { out.push(text); }
    return out;
  };
  return ser(root);
}
"""


def trees(manifest: dict, features: list) -> list:
    """The page's static parts, plus one with every kind of attribute and text that needs escaping."""
    tricky = html.Div([html.Span('<b>not bold</b> & "quoted"', title='a "title" <x>', style={"fontSize": 13}),
                       html.Table(html.Tbody(html.Tr([html.Td("x", colSpan=2, **{"aria-label": "cell"}), html.Td(3.5)]))),
                       html.P(["line", html.Br(), "next ", 7]), html.Code("python -m x")],
                      className="tricky", style={"fontWeight": 600, "marginTop": 0}, **{"data-k": "v"})
    return [metrics_facts(manifest), data_facts(manifest), training_facts(manifest), decision_costs_view(manifest),
            legend(), *[sens_head(f) for f in features], tricky]


def mixed(tag: str) -> html.Div:
    """Plain elements around components a Shell leaves to Dash (a button whose clicks a callback counts, a checklist),
    at several depths, with text and numbers between them; ids end in `tag`."""
    return html.Div([
        html.H3(["Costs ", html.Small("(per wine)")], className="t"),
        html.Div([html.Span("before "), html.Button("go", id=f"go-{tag}", n_clicks=0, className="btn"), " after ", 3,
                  html.Span("0 clicks", id=f"count-{tag}")],
                 className="row", style={"gap": 4}, **{"aria-label": "row"}),
        html.Table(html.Tbody([html.Tr([html.Th("a", scope="row"), html.Td(html.Button(html.B("in"), n_clicks=0))]),
                               html.Tr(html.Td("x", colSpan=2))])),
        html.Div(dcc.Checklist(options=[{"label": "on", "value": "on"}], value=[], className="check")),
        html.P(["line", html.Br(), "next"]),
    ], className="mixed")


@pytest.fixture(scope="module")
def side_by_side(loaded_model, serve, browser, tmp_path_factory):
    assets = tmp_path_factory.mktemp("assets")
    shutil.copy(ASSETS_DIR / "static_html.js", assets / "static_html.js")  # the page's script, alone
    m, f = loaded_model.manifest, loaded_model.features
    frozen = freeze(html.Div(trees(m, f), id="frozen"))
    assert sum(isinstance(c, StaticHtml) for c in frozen._traverse()) >= len(trees(m, f))
    shelled = shell(html.Div([*trees(m, f), mixed("shelled")], id="shelled"))
    assert sum(isinstance(c, Shell) for c in shelled._traverse()) >= len(trees(m, f))
    app = dash.Dash(__name__, assets_folder=str(assets))
    app.layout = html.Div([html.Div(trees(m, f), id="dash"), frozen, shelled,
                           html.Div([*trees(m, f), mixed("dash")], id="dash-mixed")])
    for tag in ("shelled", "dash"):
        app.callback(Output(f"count-{tag}", "children"), Input(f"go-{tag}", "n_clicks"),
                     prevent_initial_call=True)(lambda n: f"{n} clicks")
    with serve(app.server, "static-html-server") as url:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_selector("#frozen .tricky")
        page.wait_for_selector("#shelled .mixed .check input")
        yield page, errors
        page.close()


def test_the_browser_draws_the_same_elements_attributes_and_text(side_by_side):
    page, errors = side_by_side
    drawn = page.evaluate(SERIALIZE_JS, page.locator("#dash").element_handle())
    frozen = page.evaluate(SERIALIZE_JS, page.locator("#frozen").element_handle())
    assert len(drawn) >= 15 and drawn == frozen
    assert errors == []


def test_a_shell_draws_the_same_elements_with_the_components_in_their_places(side_by_side):
    page, errors = side_by_side
    drawn = page.evaluate(SERIALIZE_JS, page.locator("#dash-mixed").element_handle())
    shelled = page.evaluate(SERIALIZE_JS, page.locator("#shelled").element_handle())
    assert len(drawn) >= 16
    assert json.dumps(drawn).replace("-dash", "-shelled") == json.dumps(shelled)
    assert page.locator("#shelled .mixed button").count() == 2
    assert errors == []


def test_a_component_inside_a_shell_still_talks_to_dash(side_by_side):
    """The button in a Shell's row is Dash's own: its clicks reach a callback, whose answer shows in the Shell."""
    page, errors = side_by_side
    page.locator("#go-shelled").click()
    page.locator("#go-shelled").click()
    page.wait_for_function("document.querySelector('#count-shelled').textContent === '2 clicks'", timeout=5000)
    assert page.locator("#count-dash").inner_text() == "0 clicks"
    assert errors == []


def test_text_that_looks_like_markup_stays_text(side_by_side):
    page, _ = side_by_side
    span = page.locator("#frozen .tricky span").first
    assert span.inner_text() == '<b>not bold</b> & "quoted"'
    assert page.locator("#frozen .tricky b").count() == 0
    assert span.get_attribute("title") == 'a "title" <x>'
