"""Reads an Airflow DAG file with Python's ast (Airflow itself is not needed) and prints, as JSON, what
DeployTest checks: every operator call with its task id, operator class, tracelake arguments or bash
command, the module's constants, and the classes with their bases and the names their bodies use."""
import ast
import json
import sys


def evaluate(node, constants):
    """The value of a constant expression: strings, numbers, lists, names of module constants, '+'."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.List):
        return [evaluate(element, constants) for element in node.elts]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return evaluate(node.left, constants) + evaluate(node.right, constants)
    raise ValueError("line %d: not a constant expression: %s" % (node.lineno, ast.dump(node)))


def main(path):
    tree = ast.parse(open(path, encoding="utf-8").read(), filename=path)
    constants = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name):
            try:
                constants[statement.targets[0].id] = evaluate(statement.value, constants)
            except ValueError:
                pass
    classes = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {
                "bases": [base.id for base in node.bases if isinstance(base, ast.Name)],
                "names": sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)}),
            }
    tasks = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if "task_id" not in keywords:
                continue
            task = {"operator": node.func.id, "task_id": evaluate(keywords["task_id"], constants)}
            for key in ("application_args", "bash_command", "application", "java_class", "deploy_mode"):
                if key in keywords:
                    task[key] = evaluate(keywords[key], constants)
            tasks.append(task)
    dags = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "DAG":
            dags.append({k.arg: evaluate(k.value, constants) for k in node.keywords
                         if k.arg in ("dag_id", "schedule")})
    # the DAG's exit_code(), run alone on the messages Airflow's BashOperator and SparkSubmitHook raise
    samples = {}
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "exit_code"]
    if functions:
        namespace = {}
        exec(compile(ast.Module(body=[ast.parse("import re").body[0], functions[0]], type_ignores=[]), path, "exec"),
             namespace)
        for message in sys.argv[2:]:
            samples[message] = namespace["exit_code"](Exception(message))
    json.dump({"exit_codes": samples, "constants": {k: v for k, v in constants.items() if isinstance(v, (str, int))},
               "classes": classes, "tasks": tasks, "dags": dags}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])  # then messages whose exit code the DAG's exit_code() should find
