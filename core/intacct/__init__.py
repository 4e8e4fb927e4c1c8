"""The Sage Intacct XML gateway client.

* :mod:`core.intacct.records` typed records the mapping produces (no XML);
* :mod:`core.intacct.functions` one object per Intacct function, each rendering its ``<function>``;
* :mod:`core.intacct.request` / :mod:`core.intacct.response` the envelope out and the three status levels back;
* :mod:`core.intacct.errors` the exception tree; :mod:`core.intacct.schema` api.xsd validation;
* :mod:`core.intacct.session` the shared API session; :mod:`core.intacct.client` the async client.

Kept empty of imports so that ``core.intacct.records`` stays cheap to import.
"""
