"""One question in DuckDB over a tracelake warehouse, as a user's script asks it: a new process, the views of
notebooks/views.sql, then the SQL (statements separated by ';'); prints the last statement's first row.

    python bench/duckdb_question.py WAREHOUSE notebooks/views.sql "SELECT ..."
"""
import sys

import duckdb

con = duckdb.connect()
con.execute("SET VARIABLE warehouse = ?", [sys.argv[1]])
con.execute(open(sys.argv[2]).read())
last = None
for statement in sys.argv[3].split(";"):
    if statement.strip():
        last = con.execute(statement).fetchall()
if last:
    print(last[0][0])
