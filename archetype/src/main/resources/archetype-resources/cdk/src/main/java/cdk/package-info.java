/** The stack of template.yaml in CDK: {@code FunctionStack}, synthesised by {@code FunctionApp}. */
package ${package}.cdk;
