"""Drive `onbrand mcp` with the official MCP Python SDK and print what it answered as JSON.

Usage: client.py ONBRAND_BINARY WORKING_DIRECTORY
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main(binary: str, cwd: str) -> None:
    server = StdioServerParameters(command=binary, args=["mcp"], cwd=cwd)
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            tools = await session.list_tools()
            text = "Send an e-mail today."
            calls = {
                "check_copy": {"text": text, "format": "text"},
                "fix_copy": {"text": text, "format": "text"},
                "measure_tone": {"text": text, "format": "text", "channel": "email"},
                "explain_rule": {"id": "acme.email"},
                "list_rules": {},
            }
            results = {}
            for name, arguments in calls.items():
                result = await session.call_tool(name, arguments)
                results[name] = {"is_error": result.is_error, "structured": result.structured_content}
            # A doubled word's fix is unsafe: made only when asked.
            doubled = {"text": "Send the the e-mail.", "format": "text"}
            for name, arguments in {
                "fix_copy_safe": doubled,
                "fix_copy_unsafe": {**doubled, "unsafe": True},
            }.items():
                result = await session.call_tool("fix_copy", arguments)
                results[name] = {"is_error": result.is_error, "structured": result.structured_content}
            missing = await session.call_tool("explain_rule", {"id": "acme.nothing"})
            resources = await session.list_resources()
            guideline = await session.read_resource(resources.resources[0].uri)
            print(json.dumps({
                "server": init.server_info.name,
                "tools": sorted(tool.name for tool in tools.tools),
                "output_schemas": sorted(tool.name for tool in tools.tools if tool.output_schema),
                "fix_copy_input": sorted(
                    next(t for t in tools.tools if t.name == "fix_copy").input_schema["properties"]
                ),
                "results": results,
                "missing_rule": {"is_error": missing.is_error, "text": missing.content[0].text},
                "resources": [str(resource.uri) for resource in resources.resources],
                "guideline": guideline.contents[0].text,
            }))


asyncio.run(main(sys.argv[1], sys.argv[2]))
