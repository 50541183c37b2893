// Runs AWS's offline CloudFormation validator (@aws/cloudformation-validate: cfn-lint rules, resource
// schemas and the SAM transform) over the templates named on the command line and prints one JSON
// array of reports on stdout. Usage: node validate.cjs <dir holding node_modules> <template>...
'use strict';
const path = require('path');

const [installDir, ...templates] = process.argv.slice(2);
const cfv = require(path.join(installDir, 'node_modules', '@aws', 'cloudformation-validate'));

const engine = new cfv.RegoEngine();
const reports = [];
try {
    for (const template of templates) {
        const report = engine.validateStandard(new cfv.TemplateFile(template), { severityLevel: 'INFO' });
        reports.push({
            template,
            validator: cfv.version(),
            rulesEvaluated: report.metadata.rulesEvaluated,
            resourcesScanned: report.metadata.resourcesScanned,
            diagnostics: report.diagnostics.map(d => ({
                severity: d.severity,
                ruleId: d.ruleId,
                logicalId: d.entity ? d.entity.logicalId : null,
                message: d.message,
                line: d.startLine,
            })),
        });
    }
} finally {
    engine.free();
}
process.stdout.write(JSON.stringify(reports));
