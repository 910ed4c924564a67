"""Neo4j: connection settings, the generated schema, the batched loader and the question
runner. The only package that talks to a Neo4j server; nothing else imports the driver.
"""
