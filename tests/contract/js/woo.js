// Drives the store sandbox with WooCommerce's own JavaScript client (@woocommerce/woocommerce-rest-api, pinned).
// Usage: node woo.js SCENARIO  (WOO_URL, WOO_KEY, WOO_SECRET in the environment; for https, the proxy's CA
// in NODE_EXTRA_CA_CERTS, Node's own setting). No adaptation: the client is used as shipped.
// Prints one line: "RESULT " + JSON.
"use strict";

const WooCommerceRestApi = require("@woocommerce/woocommerce-rest-api").default;

const env = process.env;

function api(overrides = {}) {
    return new WooCommerceRestApi({url: env.WOO_URL, consumerKey: env.WOO_KEY, consumerSecret: env.WOO_SECRET,
                                   version: "wc/v3", timeout: 10000, ...overrides});
}

async function call(promise) {
    try {
        const r = await promise;
        return {status: r.status, headers: {total: r.headers["x-wp-total"], pages: r.headers["x-wp-totalpages"],
                                             link: r.headers.link}, body: r.data};
    } catch (e) {
        if (!e.response) throw e;
        return {status: e.response.status, headers: {authenticate: e.response.headers["www-authenticate"]},
                body: e.response.data};
    }
}

const scenarios = {
    async listing() {
        const wc = api();
        const pages = [];
        for (let page = 1; page <= 10; page++) {
            const r = await call(wc.get("orders", {per_page: 10, page, orderby: "id", order: "asc"}));
            pages.push({status: r.status, headers: r.headers, ids: Array.isArray(r.body) ? r.body.map((o) => o.id) : r.body});
            if (r.status !== 200 || String(page) === r.headers.pages) break;
        }
        return {pages};
    },

    async modified_after() {
        return call(api().get("orders", {modified_after: "2024-05-01T13:00:00", dates_are_gmt: true,
                                         orderby: "modified", order: "asc", per_page: 100}));
    },

    async webhooks() {
        const wc = api();
        const created = await call(wc.post("webhooks", {name: "js", topic: "order.created",
                                                        delivery_url: "http://127.0.0.1:9/hook"}));
        const id = created.body.id;
        return {
            created,
            paused: await call(wc.put(`webhooks/${id}`, {status: "paused"})),
            invalid: await call(wc.put(`webhooks/${id}`, {status: "sleeping"})),
            deleted: await call(wc.delete(`webhooks/${id}`, {force: true})),
            gone: await call(wc.get(`webhooks/${id}`)),
            goneDelete: await call(wc.delete(`webhooks/${id}`, {force: true})),
        };
    },

    async wrong_secret() {
        return call(api({consumerSecret: "cs_wrong"}).get("orders"));
    },

    async basic() {
        return {basic: await call(api().get("customers", {per_page: 5})),
                query: await call(api({queryStringAuth: true}).get("customers", {per_page: 5})),
                wrong: await call(api({consumerSecret: "cs_wrong"}).get("customers"))};
    },
};

require("./run")(scenarios);
