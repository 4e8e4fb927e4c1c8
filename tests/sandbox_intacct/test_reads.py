"""query, readByQuery + readMore, readByName (INTACCT-API.md §1.2, §5.7, fixtures F13/F14)."""

from __future__ import annotations

from lxml import etree

from tests.sandbox_intacct.conftest import create_vendor, envelope, errors
from tests.shared import INTACCT_FIXTURES


def _query(gw, inner):
    return gw.call(f'<function controlid="q"><query>{inner}</query></function>').find("result")


def _ids(data, tag, field):
    return [r.findtext(field) for r in data.findall(tag)]


SELECT = "<object>GLACCOUNT</object><select><field>ACCOUNTNO</field><field>STATUS</field></select>"


def test_query_answers_upper_case_records_with_paging_attributes(gw):
    data = _query(gw, SELECT + "<filter><equalto><field>ACCOUNTNO</field><value>6000</value></equalto></filter>"
                  ).find("data")
    assert {k: data.get(k) for k in ("listtype", "totalcount", "offset", "count", "numremaining")} == {
        "listtype": "GLACCOUNT", "totalcount": "1", "offset": "0", "count": "1", "numremaining": "0"}
    assert [c.tag for c in data.find("GLACCOUNT")] == ["ACCOUNTNO", "STATUS"]


def test_query_filter_and_or_in_greaterthan(gw):
    flt = ("<filter><or><in><field>ACCOUNTNO</field><value>1000</value><value>2000</value></in>"
           "<and><greaterthan><field>ACCOUNTNO</field><value>6000</value></greaterthan>"
           "<equalto><field>STATUS</field><value>active</value></equalto></and></or></filter>")
    data = _query(gw, SELECT + flt + "<orderby><order><field>ACCOUNTNO</field><ascending/></order></orderby>")
    assert _ids(data.find("data"), "GLACCOUNT", "ACCOUNTNO") == ["1000", "2000", "6100", "6200"]


def test_query_like_and_orderby_descending(gw):
    flt = "<filter><like><field>ACCOUNTNO</field><value>60%</value></like></filter>"
    order = "<orderby><order><field>ACCOUNTNO</field><descending/></order></orderby>"
    assert _ids(_query(gw, SELECT + flt + order).find("data"), "GLACCOUNT", "ACCOUNTNO") == ["6000"]


def test_query_is_case_sensitive_unless_asked_otherwise(gw):
    gw.call(create_vendor("V1", name="Acme Parts"))
    base = ("<object>VENDOR</object><select><field>VENDORID</field></select>"
            "<filter><equalto><field>NAME</field><value>ACME PARTS</value></equalto></filter>")
    assert _query(gw, base).find("data").get("count") == "0"
    folded = _query(gw, base + "<options><caseinsensitive>true</caseinsensitive></options>")
    assert _ids(folded.find("data"), "VENDOR", "VENDORID") == ["V1"]


def test_query_pages_with_pagesize_and_offset(gw):
    order = "<orderby><order><field>ACCOUNTNO</field><ascending/></order></orderby>"
    data = _query(gw, SELECT + order + "<pagesize>3</pagesize><offset>3</offset>").find("data")
    assert (data.get("count"), data.get("offset"), data.get("totalcount"), data.get("numremaining")) == (
        "3", "3", "10", "4")
    assert _ids(data, "GLACCOUNT", "ACCOUNTNO") == ["4000", "5010", "5020"]


def test_query_pagesize_above_2000_is_refused_by_the_schema(gw):
    root = gw.post(envelope(f'<function controlid="q"><query>{SELECT}<pagesize>2001</pagesize></query></function>'))
    errorno, text = errors(root.find("errormessage"))[0]
    assert errorno == "XL03000003" and "pagesize" in text


def test_query_filter_reaches_nested_fields(gw):
    gw.call(create_vendor("V1", extra="<EMAIL1>x@example.com</EMAIL1>"))
    result = _query(gw, "<object>VENDOR</object><select><field>VENDORID</field></select><filter><equalto>"
                        "<field>DISPLAYCONTACT.EMAIL1</field><value>x@example.com</value></equalto></filter>")
    assert _ids(result.find("data"), "VENDOR", "VENDORID") == ["V1"]


def test_unknown_object_fails_exactly_like_fixture_f14(gw):
    op = gw.call('<function controlid="testControlId"><readByQuery><object>BADOBJECT</object><query></query>'
                 "<fields>*</fields></readByQuery></function>")
    fixture = etree.parse(str(INTACCT_FIXTURES / "F14-empty-readbyquery-and-an-unknown-object-2.xml")).getroot()
    for node in fixture.iter():
        node.tail = None
    assert etree.tostring(op.find("result"), method="c14n") == etree.tostring(fixture, method="c14n")


def test_readbyquery_answers_lower_case_records_like_fixture_f13(gw):
    result = gw.call('<function controlid="r"><readByQuery><object>DEPARTMENT</object>'
                     "<query>DEPARTMENTID = 'D100'</query><fields>DEPARTMENTID,TITLE</fields>"
                     "</readByQuery></function>").find("result")
    data = result.find("data")
    assert (data.get("listtype"), data.get("count"), data.get("numremaining"), data.get("resultId")) == (
        "department", "1", "0", "")
    assert _ids(data, "department", "TITLE") == ["Sales"]


def test_readbyquery_in_and_and(gw):
    data = gw.call('<function controlid="r"><readByQuery><object>GLACCOUNT</object>'
                   "<query>ACCOUNTNO IN ('2200','5010','6100') AND STATUS = 'T'</query><fields>*</fields>"
                   "</readByQuery></function>").find("result/data")
    assert _ids(data, "glaccount", "ACCOUNTNO") == ["2200", "5010", "6100"]


def test_readbyquery_with_an_empty_result_has_fixture_f14_attributes(gw):
    data = gw.call('<function controlid="r"><readByQuery><object>DEPARTMENT</object><query>1=0</query>'
                   "<fields>*</fields></readByQuery></function>").find("result/data")
    assert dict(data.attrib) == {"listtype": "department", "count": "0", "totalcount": "0",
                                 "numremaining": "0", "resultId": ""}


def test_readmore_continues_a_readbyquery_until_numremaining_is_zero(gw):
    data = gw.call('<function controlid="r"><readByQuery><object>GLACCOUNT</object><query>1=1</query>'
                   "<fields>ACCOUNTNO</fields><pagesize>4</pagesize></readByQuery></function>").find("result/data")
    seen = _ids(data, "glaccount", "ACCOUNTNO")
    while data.get("numremaining") != "0":
        more = f'<function controlid="m"><readMore><resultId>{data.get("resultId")}</resultId></readMore></function>'
        data = gw.call(more).find("result/data")
        seen += _ids(data, "glaccount", "ACCOUNTNO")
    assert len(seen) == 10 == len(set(seen))


def test_readmore_with_an_unknown_result_id_fails(gw):
    op = gw.call('<function controlid="m"><readMore><resultId>nope</resultId></readMore></function>')
    assert op.findtext("result/status") == "failure"


def test_readbyquery_syntax_error_fails_the_function(gw):
    op = gw.call('<function controlid="r"><readByQuery><object>VENDOR</object><query>NAME = </query>'
                 "<fields>*</fields></readByQuery></function>")
    assert errors(op.find("result"))[0][0] == "DL02000001"


def test_readbyname_returns_the_named_records_only(gw):
    data = gw.call('<function controlid="n"><readByName><object>LOCATION</object><keys>110,999</keys>'
                   "<fields>*</fields></readByName></function>").find("result/data")
    assert (data.get("count"), _ids(data, "location", "NAME")) == ("1", ["San Jose Warehouse"])


def _read_by_query(gw, obj, query):
    body = (f'<function controlid="r"><readByQuery><object>{obj}</object><query>{query}</query>'
            "<fields>*</fields></readByQuery></function>")
    return gw.call(body).find("result/data")


def test_readbyquery_status_compares_as_t_and_f(gw):
    inactive = _read_by_query(gw, "GLACCOUNT", "STATUS = 'F'")
    assert _ids(inactive, "glaccount", "ACCOUNTNO") == ["6900"]


def test_readbyquery_or_not_like_and_escaped_quotes(gw):
    gw.call(create_vendor("V1", name="Jane's Deli"))
    gw.call(create_vendor("V2", name="Bob's Bikes"))
    assert _ids(_read_by_query(gw, "VENDOR", "NAME = 'Jane\\'s Deli'"), "vendor", "VENDORID") == ["V1"]
    assert _ids(_read_by_query(gw, "VENDOR", "NOT VENDORID = 'V1'"), "vendor", "VENDORID") == ["V2"]
    query = "(NAME LIKE 'Bob%' OR VENDORID = 'V1') AND VENDORID != 'V9'"
    assert _ids(_read_by_query(gw, "VENDOR", query), "vendor", "VENDORID") == ["V1", "V2"]


def test_query_filter_between_notin_and_isnull(gw):
    gw.call(create_vendor("V1", extra="<EMAIL1>x@example.com</EMAIL1>"))
    gw.call(create_vendor("V2", name="Two"))
    flt = ("<filter><and><between><field>ACCOUNTNO</field><value>2000</value><value>5010</value></between>"
           "<notin><field>ACCOUNTNO</field><value>4000</value></notin></and></filter>")
    assert _ids(_query(gw, SELECT + flt).find("data"), "GLACCOUNT", "ACCOUNTNO") == ["2000", "2200", "5010"]
    no_email = ("<object>VENDOR</object><select><field>VENDORID</field></select><filter><isnull>"
                "<field>DISPLAYCONTACT.EMAIL1</field></isnull></filter>")
    assert _ids(_query(gw, no_email).find("data"), "VENDOR", "VENDORID") == ["V2"]


PAGED = ('<function controlid="r"><readByQuery><object>GLACCOUNT</object><query>1=1</query>'
         "<fields>ACCOUNTNO</fields><pagesize>4</pagesize></readByQuery></function>")


def test_readmore_by_object_continues_the_newest_result_set_of_that_object(gw):
    first = _ids(gw.call(PAGED).find("result/data"), "glaccount", "ACCOUNTNO")
    data = gw.call('<function controlid="m"><readMore><object>GLACCOUNT</object></readMore></function>'
                   ).find("result/data")
    assert len(first) == 4 and set(_ids(data, "glaccount", "ACCOUNTNO")).isdisjoint(first)
    op = gw.call('<function controlid="m"><readMore><object>VENDOR</object></readMore></function>')
    assert op.findtext("result/status") == "failure"


def test_a_result_set_left_unread_too_long_expires(gw, clock):
    from core.sandbox.intacct.reads import RESULT_SET_TTL_SECONDS

    result_id = gw.call(PAGED).find("result/data").get("resultId")
    more = f'<function controlid="m"><readMore><resultId>{result_id}</resultId></readMore></function>'
    clock.now += RESULT_SET_TTL_SECONDS - 1  # still there: reading it keeps it alive
    assert gw.call(more).findtext("result/status") == "success"
    clock.now += RESULT_SET_TTL_SECONDS + 1
    op = gw.call(more)
    assert op.findtext("result/status") == "failure" and "expired" in errors(op.find("result"))[0][1]
