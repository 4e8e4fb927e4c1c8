// Drives the Intacct sandbox with Sage's own JavaScript SDK (@intacct/intacct-sdk, pinned in package.json).
// Usage: node intacct.js SCENARIO  (connection settings in INTACCT_* environment variables).
// Prints "ADAPTATION: ..." lines for every deviation from a stock client, then one JSON line: the outcome.
"use strict";

const IA = require("@intacct/intacct-sdk");
const Endpoint = require("@intacct/intacct-sdk/dist/Credentials/Endpoint").default;

// Client adaptation (the only one): the SDK refuses any endpoint whose host is not *.intacct.com
// (Endpoint.isDomainValid). The sandbox listens on 127.0.0.1, so that one host is allowed as well;
// every other host still goes through Sage's own check, and nothing else in the SDK is touched.
const sageCheck = Endpoint.isDomainValid;
Endpoint.isDomainValid = (hostname) => hostname === "127.0.0.1" || sageCheck(hostname);
console.log("ADAPTATION: @intacct/intacct-sdk Endpoint.isDomainValid also accepts host 127.0.0.1 " +
            "(the SDK only allows *.intacct.com; the sandbox listens on loopback)");

const env = process.env;
const AP = IA.Functions.AccountsPayable;
const Common = IA.Functions.Common;
const Q = Common.NewQuery;

function config(overrides = {}) {
    const c = new IA.ClientConfig();
    c.endpointUrl = env.INTACCT_ENDPOINT;
    c.senderId = env.INTACCT_SENDER_ID;
    c.senderPassword = env.INTACCT_SENDER_PASSWORD;
    c.companyId = env.INTACCT_COMPANY_ID;
    c.userId = env.INTACCT_USER_ID;
    c.userPassword = env.INTACCT_USER_PASSWORD;
    c.logLevel = "error";
    return Object.assign(c, overrides);
}

function requestConfig(overrides = {}) {
    const r = new IA.RequestConfig();
    r.maxRetries = 0;  // bounded: a failure is reported, never retried
    r.maxTimeout = 10000;
    return Object.assign(r, overrides);
}

async function client() {
    return new IA.OnlineClient(await IA.SessionProvider.factory(config()));
}

function vendor(id, name) {
    const v = new AP.VendorCreate(`v-${id}`);
    v.vendorId = id;
    v.vendorName = name;
    v.printAs = name;  // DISPLAYCONTACT.PRINTAS is required by Intacct; the SDK writes it empty when unset
    return v;
}

function bill(vendorId, lines, controlId = "bill") {
    const b = new AP.BillCreate(controlId);
    b.vendorId = vendorId;
    b.transactionDate = new Date(Date.UTC(2026, 6, 4));
    b.dueDate = new Date(Date.UTC(2026, 7, 3));
    b.billNumber = "WC-1001";
    b.lines = lines.map(([account, amount, memo]) => {
        const line = new AP.BillLineCreate();
        line.glAccountNumber = account;
        line.transactionAmount = amount;
        line.memo = memo;
        return line;
    });
    return b;
}

function adjustment(vendorId, lines) {
    const a = new AP.ApAdjustmentCreate("adj");
    a.vendorId = vendorId;
    a.transactionDate = new Date(Date.UTC(2026, 6, 5));
    a.adjustmentNumber = "WC-1001-R1";
    a.lines = lines.map(([account, amount]) => {
        const line = new AP.ApAdjustmentLineCreate();
        line.glAccountNumber = account;
        line.transactionAmount = amount;
        return line;
    });
    return a;
}

function outcome(result) {
    return {status: result.status, function: result.functionName, controlId: result.controlId,
            key: result.key, count: result.count, totalCount: result.totalCount,
            numRemaining: result.numRemaining, resultId: result.resultId, errors: result.errors,
            data: (result.data || []).map((record) => flatten(record))};
}

function flatten(record) {
    const out = {};
    for (const [k, v] of Object.entries(record)) {
        out[k] = typeof v === "object" && v !== null ? JSON.stringify(v) : v;
    }
    return out;
}

async function failureOf(promise) {
    try {
        await promise;
        return null;
    } catch (e) {
        return {type: e.name, constructor: e.constructor.name, message: e.message, errors: e.errors || []};
    }
}

const scenarios = {
    async session() {
        const session = await IA.SessionProvider.factory(config());
        const c = new IA.OnlineClient(session);
        const query = new Q.Query("accounts");
        query.fromObject = "GLACCOUNT";
        query.selectFields = new Q.QuerySelect.SelectBuilder().addFields(["ACCOUNTNO", "TITLE"]).selects;
        query.orderBy = new Q.QueryOrderBy.OrderBuilder().addAscending("ACCOUNTNO").orders;
        const response = await c.execute(query, requestConfig());
        return {sessionId: session.sessionId, endpoint: session.endpointUrl,
                authentication: {userId: response.authentication.userId,
                                 companyId: response.authentication.companyId,
                                 sessionTimeout: response.authentication.sessionTimeout},
                result: outcome(response.getResult())};
    },

    async wrong_password() {
        return {failure: await failureOf(IA.SessionProvider.factory(config({userPassword: "not-it"})))};
    },

    async creates() {
        const c = await client();
        const response = await c.executeBatch([
            vendor("V-JS-1", "Zoë Åberg & Co"),
            bill("V-JS-1", [["6000", "100.00", "Bolts"], ["6100", "7.50", "Shipping"]]),
            adjustment("V-JS-1", [["6000", "-20.00"]]),
        ], requestConfig({uniqueId: true}));
        return {results: response.results.map(outcome)};
    },

    async reads() {
        const c = await client();
        const ids = ["V-R1", "V-R2", "V-R3", "V-R4", "V-R5"];
        await c.executeBatch(ids.map((id) => vendor(id, `Reader ${id}`)), requestConfig());

        const pages = [];
        let offset = 0;
        for (let guard = 0; guard < 10; guard++) {
            const query = new Q.Query("page");
            query.fromObject = "VENDOR";
            query.selectFields = new Q.QuerySelect.SelectBuilder().addFields(["RECORDNO", "VENDORID"]).selects;
            query.filter = new Q.QueryFilter.Filter("VENDORID").like("V-R%");
            query.orderBy = new Q.QueryOrderBy.OrderBuilder().addDescending("VENDORID").orders;
            query.pageSize = 2;
            query.offset = offset;
            const result = (await c.execute(query, requestConfig())).getResult();
            result.ensureStatusSuccess();
            pages.push(outcome(result));
            if (result.numRemaining === 0) break;
            offset += result.count;
        }

        const legacy = [];
        const byQuery = new Common.ReadByQuery("rbq");
        byQuery.objectName = "VENDOR";
        byQuery.fields = ["RECORDNO", "VENDORID", "NAME"];
        byQuery.query = "VENDORID LIKE 'V-R%'";
        byQuery.pageSize = 2;
        let result = (await c.execute(byQuery, requestConfig())).getResult();
        legacy.push(outcome(result));
        for (let guard = 0; result.numRemaining > 0 && guard < 10; guard++) {
            const more = new Common.ReadMore("more");
            more.resultId = result.resultId;
            result = (await c.execute(more, requestConfig())).getResult();
            legacy.push(outcome(result));
        }

        const recordNos = pages.flatMap((p) => p.data.map((r) => r.RECORDNO));
        const read = new Common.Read("read");
        read.objectName = "VENDOR";
        read.keys = [recordNos[0], recordNos[recordNos.length - 1]];
        read.fields = ["RECORDNO", "VENDORID", "NAME"];
        const readResult = (await c.execute(read, requestConfig())).getResult();
        return {pages, legacy, read: outcome(readResult)};
    },

    async business_errors() {
        const c = await client();
        await c.execute(vendor("V-DUP", "Duplicate Test"), requestConfig());
        return {duplicate: await failureOf(c.execute(vendor("V-DUP", "Duplicate Test"), requestConfig())),
                badBill: await failureOf(c.execute(bill("V-NOBODY", [["6000", "10.00", "x"]]), requestConfig()))};
    },

    async transaction() {
        const c = await client();
        return {failure: await failureOf(c.executeBatch([
            vendor("V-TX-1", "Rolled Back"),
            bill("V-TX-1", [["9999", "10.00", "unknown account"]], "bad-bill"),
        ], requestConfig({transaction: true})))};
    },

    async uniqueid_replay() {
        const c = await client();
        const first = await c.execute(vendor("V-ONCE", "Only Once"), requestConfig({uniqueId: true}));
        const again = await failureOf(c.execute(vendor("V-ONCE", "Only Once"), requestConfig({uniqueId: true})));
        return {first: outcome(first.getResult()), again};
    },
};

require("./run")(scenarios);
