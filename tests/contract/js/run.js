// The scenario runner both contract scripts share: run the scenario named on the command line and print
// "RESULT " + its JSON outcome (or what it threw); an unknown name exits 2.
"use strict";

module.exports = async function main(scenarios) {
    const name = process.argv[2];
    if (!scenarios[name]) {
        console.log(JSON.stringify({error: `unknown scenario ${name}`}));
        process.exit(2);
    }
    try {
        console.log("RESULT " + JSON.stringify(await scenarios[name]()));
    } catch (e) {
        console.log("RESULT " + JSON.stringify({thrown: {constructor: e.constructor.name, message: e.message,
                                                          errors: e.errors || []}}));
    }
};
